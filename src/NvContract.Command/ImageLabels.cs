using System.Text.Json;

namespace NvContract.Command;

/// <summary>
/// The labels by which images told 1.0 what they need: <c>com.nvidia.volumes.needed</c>
/// (space-separated volume base names, e.g. <c>nvidia_driver</c>) and <c>com.nvidia.cuda.version</c>.
/// </summary>
/// <param name="VolumesNeeded">The label's volume names; null when the image has no such label (then every volume).</param>
/// <param name="CudaVersion">The CUDA version the image needs; null when it has no such label.</param>
internal sealed record ImageLabels(IReadOnlyList<string>? VolumesNeeded, string? CudaVersion)
{
    public const string VolumesNeededLabel = "com.nvidia.volumes.needed";
    public const string CudaVersionLabel = "com.nvidia.cuda.version";

    /// <summary>Reads the output of <c>image inspect --format '{{json .Config.Labels}}'</c> (an object or <c>null</c>).</summary>
    /// <exception cref="CommandException">The output is not such JSON.</exception>
    public static ImageLabels FromJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new ImageLabels(null, null);
            }

            IReadOnlyList<string>? volumes = root.TryGetProperty(VolumesNeededLabel, out var needed) && needed.ValueKind == JsonValueKind.String
                ? needed.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                : null;
            var cuda = root.TryGetProperty(CudaVersionLabel, out var version) && version.ValueKind == JsonValueKind.String
                ? version.GetString()
                : null;
            return new ImageLabels(volumes, cuda);
        }
        catch (JsonException e)
        {
            throw new CommandException($"cannot read the image's labels: {e.Message}", e);
        }
    }
}
