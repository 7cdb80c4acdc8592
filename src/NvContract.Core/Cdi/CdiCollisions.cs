using System.Text;
using System.Text.Json;

namespace NvContract.Core.Cdi;

/// <summary>
/// Finds another spec in a CDI folder that defines devices of the same kind. Runtimes drop a
/// device that two files of one folder define (both copies, with an error only their debug log
/// shows), so the daemon must not add a second definition next to, say, nvidia-ctk's
/// <c>nvidia.yaml</c>. Runtimes read only <c>*.json</c> and <c>*.yaml</c> files directly in the
/// folder, so those are the ones looked at.
/// </summary>
public static class CdiCollisions
{
    // Specs are small; a file larger than this is not one a runtime would load either.
    private const long MaxSpecBytes = 16L << 20;

    /// <summary>The path of the first other spec (by name) in <paramref name="folder"/> of kind <paramref name="kind"/>, or null.</summary>
    public static string? Find(string folder, CdiKind kind, string ownFileName)
    {
        if (!Directory.Exists(folder))
        {
            return null;
        }

        var wanted = kind.ToString();
        return Directory.EnumerateFiles(folder)
            .Where(f => (f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
                && Path.GetFileName(f) != ownFileName)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault(f => KindOf(f) == wanted);
    }

    /// <summary>The top-level <c>kind</c> of a JSON or YAML spec, or null when the file has none or cannot be read.</summary>
    public static string? KindOf(string file)
    {
        byte[] bytes;
        try
        {
            var info = new FileInfo(file);
            if (info.Length > MaxSpecBytes)
            {
                return null;
            }

            bytes = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var text = Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF');
        return text.TrimStart().StartsWith('{') ? JsonKind(bytes) : YamlKind(text);
    }

    private static string? JsonKind(byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("kind", out var kind)
                && kind.ValueKind == JsonValueKind.String
                ? kind.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// A top-level <c>kind:</c> line of a block-style YAML mapping (what nvidia-ctk and the CDI
    /// library write): at column 0, the value plain or quoted, a comment allowed after it.
    /// </summary>
    private static string? YamlKind(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            if (!line.StartsWith("kind:", StringComparison.Ordinal))
            {
                continue;
            }

            var value = line["kind:".Length..].Trim();
            if (value.Length > 1 && value[0] is '"' or '\'' && value.IndexOf(value[0], 1) is var end and > 0)
            {
                return value[1..end];
            }

            var comment = value.IndexOf(" #", StringComparison.Ordinal);
            return (comment >= 0 ? value[..comment] : value).TrimEnd('\r').Trim();
        }

        return null;
    }
}
