using System.Globalization;
using NvContract.Core.Health;

namespace NvContract.Core.Output;

/// <summary>The <c>/v1.1/gpu/health</c> text: one block per device, aligned like <c>/gpu/status</c>.</summary>
public static class GpuHealthText
{
    public static string Format(HealthSnapshot health)
    {
        var text = new AlignedText();
        foreach (var gpu in health.Gpus)
        {
            text.Line()
                .Line(string.Create(CultureInfo.InvariantCulture, $"Device #{gpu.Index}"))
                .Row("  UUID:  ", gpu.Uuid)
                .Row("  State:  ", gpu.State.ToString())
                .Row("  Reason:  ", gpu.Reason.Length == 0 ? "None" : gpu.Reason)
                .Row("  Last Xid:  ", gpu.LastXid is { } xid
                    ? string.Create(CultureInfo.InvariantCulture, $"{xid} at {gpu.LastXidAt:yyyy-MM-ddTHH:mm:ssZ}")
                    : gpu.Watched ? "None" : "N/A")
                .Row("  Recovery Action:  ", gpu.RecoveryAction is { } action ? RecoveryAction.Name(action) : "N/A")
                .Row("  Recommended Action:  ", gpu.RecommendedAction)
                .Row("  Xid Events:  ", gpu.Xids.Count == 0
                    ? "None"
                    : string.Join(", ", gpu.Xids.Select(x => string.Create(CultureInfo.InvariantCulture, $"{x.Xid} ({x.Action.Name()}) x{x.Count}"))));
        }

        return text.Line().ToString();
    }
}
