using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using NvContract.Core.Cdi;

namespace NvContract.Core.Tests.Cdi;

/// <summary>
/// Generated specs against the JSON schema of the cdiVersion they declare (Cdi/Schema, closed
/// objects as the CDI library's strict parser), so no field of a later version slips in.
/// </summary>
public class CdiSchemaTests
{
    public static TheoryData<string, Action<CdiHost>, bool> Hosts => new()
    {
        { "simulated GPUs, stand-in nodes, the hook", _ => { }, true },
        { "no hook command", _ => { }, false },
        { "every control node", h => h.AddNode("/dev/nvidia-uvm-tools"), true },
        { "no control node", h => { h.RemoveNode("/dev/nvidiactl"); h.RemoveNode("/dev/nvidia-uvm"); }, true },
    };

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Generate_AnyHost_ValidAgainstTheSchemaOfItsVersion(string description, Action<CdiHost> arrange, bool withHook)
    {
        using var host = new CdiHost();
        arrange(host);

        var json = host.Spec(host.Generator(withHook: withHook)).ToJson();

        var version = JsonNode.Parse(json)!["cdiVersion"]!.GetValue<string>();
        var errors = Errors(Schema(version), json);
        Assert.True(errors.Count == 0, $"{description}: {string.Join("; ", errors)}");
    }

    [Theory]
    [InlineData("annotations", "{\"a\":\"b\"}")]
    [InlineData("containerEdits/additionalGids", "[44]")]
    [InlineData("containerEdits/mounts/0/rprivate", "true")]
    public void Schema_FieldsOfLaterVersions_Rejected(string field, string value)
    {
        using var host = new CdiHost();
        var spec = JsonNode.Parse(host.Spec().ToJson())!;
        var parts = field.Split('/');
        var parent = parts[..^1].Aggregate(spec, (node, part) => int.TryParse(part, out var i) ? node[i]! : node[part]!);
        parent[parts[^1]] = JsonNode.Parse(value);

        Assert.NotEmpty(Errors(Schema("0.5.0"), JsonSerializer.SerializeToUtf8Bytes(spec)));
    }

    // The library registers each schema by its file's URI, once per process.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<JsonSchema>> Schemas = new();

    internal static JsonSchema Schema(string version) =>
        Schemas.GetOrAdd(version, v => new Lazy<JsonSchema>(() => JsonSchema.FromFile(Path.Join(AppContext.BaseDirectory, "Cdi", "Schema", $"cdi-spec-{v}.schema.json")))).Value;

    internal static List<string> Errors(JsonSchema schema, byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        return result.IsValid
            ? []
            : (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).ToList();
    }
}
