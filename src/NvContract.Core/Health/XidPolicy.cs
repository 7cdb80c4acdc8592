using System.Globalization;

namespace NvContract.Core.Health;

/// <param name="Xid">The Xid; null for the default row (<c>*</c>).</param>
/// <param name="Description">What the Xid means; empty when the policy does not say.</param>
public sealed record XidRule(int? Xid, XidAction Action, string Description);

/// <summary>
/// What each Xid means for the GPU, as data: the built-in table (Health/xid-policy.csv, after
/// NVIDIA's Xid catalog) with an operator's rows laid over it. Lines are
/// <c>xid,action[,description]</c>; <c>*</c> is the default row; <c>#</c> starts a comment.
/// </summary>
public sealed class XidPolicy
{
    private const string BuiltInResource = "NvContract.Core.Health.xid-policy.csv";

    private readonly Dictionary<int, XidRule> _rules;

    private XidPolicy(Dictionary<int, XidRule> rules, XidRule fallback)
    {
        _rules = rules;
        Default = fallback;
    }

    /// <summary>The rule for Xids no row names.</summary>
    public XidRule Default { get; }

    /// <summary>Every row, in Xid order.</summary>
    public IEnumerable<XidRule> Rules => _rules.Values.OrderBy(r => r.Xid);

    public static XidPolicy BuiltIn { get; } = Load(null);

    /// <summary>The built-in table with the rows of <paramref name="overrideFile"/> (if any) replacing its own.</summary>
    /// <exception cref="InvalidHealthPolicyException">A line does not parse.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static XidPolicy Load(string? overrideFile)
    {
        var rules = new Dictionary<int, XidRule>();
        XidRule? fallback = null;
        using (var stream = typeof(XidPolicy).Assembly.GetManifestResourceStream(BuiltInResource)!)
        using (var reader = new StreamReader(stream))
        {
            Apply(reader.ReadToEnd(), "built-in policy", rules, ref fallback);
        }

        if (overrideFile is not null)
        {
            Apply(File.ReadAllText(overrideFile), overrideFile, rules, ref fallback);
        }

        return new XidPolicy(rules, fallback!);
    }

    public XidRule For(int xid) => _rules.TryGetValue(xid, out var rule) ? rule : Default;

    private static void Apply(string text, string source, Dictionary<int, XidRule> rules, ref XidRule? fallback)
    {
        var lines = text.Split('\n');
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split(',', 3);
            var name = parts.Length > 1 ? parts[1].Trim() : "";
            if (!XidActions.TryParse(name, out var action))
            {
                throw Invalid(source, n, line, "expected xid,action[,description] with action IGNORE, RESTART_APP, RESET_GPU or RESTART_BM");
            }

            var description = parts.Length > 2 ? parts[2].Trim() : "";
            var key = parts[0].Trim();
            if (key == "*")
            {
                fallback = new XidRule(null, action, description);
            }
            else if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var xid))
            {
                rules[xid] = new XidRule(xid, action, description);
            }
            else
            {
                throw Invalid(source, n, line, "the first column must be an Xid number or *");
            }
        }
    }

    private static InvalidHealthPolicyException Invalid(string source, int index, string line, string why) =>
        new($"invalid health policy {source} line {index + 1} \"{line}\": {why}");
}
