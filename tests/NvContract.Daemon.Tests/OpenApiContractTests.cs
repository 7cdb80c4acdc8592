using System.Text.Json.Nodes;
using NvContract.Core.Simulation;
using YamlDotNet.RepresentationModel;

namespace NvContract.Daemon.Tests;

/// <summary>
/// What the daemon says it serves (Microsoft.AspNetCore.OpenApi, built from the running
/// controllers) must be what spec/openapi.yaml promises: same paths, methods, parameters and
/// media types per status code.
/// </summary>
public class OpenApiContractTests
{
    [Fact]
    public async Task ServedDescription_MatchesContract()
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load("empty")));
        using var http = daemon.Http;
        var served = Describe(JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!);
        var contract = Describe(LoadContract());

        Assert.Equal(25, contract.Count);
        Assert.Equal(contract.Keys.Order(), served.Keys.Order());
        foreach (var (operation, shape) in contract)
        {
            Assert.True(shape == served[operation], $"{operation}: contract {shape} but served {served[operation]}");
        }
    }

    [Fact]
    public async Task ContractDocument_IsServedAsWritten()
    {
        await using var daemon = await RunningDaemon.StartTcpAsync(new SimulatedGpuSource(SimulationProfiles.Load("empty")));
        using var http = daemon.Http;
        Assert.Equal(await File.ReadAllTextAsync("openapi.yaml"), await http.GetStringAsync("/openapi.yaml"));
    }

    [Fact]
    public void Contract_DeclaresTheSecuritySchemesTheDaemonEnforces()
    {
        var contract = LoadContract();

        Assert.Equal("bearer", contract["components"]!["securitySchemes"]!["bearerAuth"]!["scheme"]!.GetValue<string>());
        Assert.Equal("mutualTLS", contract["components"]!["x-mutualTLS"]!["type"]!.GetValue<string>());
        Assert.Equal("""[{},{"bearerAuth":[]}]""", contract["security"]!.ToJsonString());
        // The liveness probe needs no token (Security.BearerTokenCheck.LivenessPath).
        Assert.Equal("[]", contract["paths"]![Security.BearerTokenCheck.LivenessPath]!["get"]!["security"]!.ToJsonString());
    }

    /// <summary>"GET /path" → "params: in:name,...; 200: type,...; 400: ..." with $refs resolved.</summary>
    private static Dictionary<string, string> Describe(JsonNode doc)
    {
        JsonNode Resolve(JsonNode node) =>
            node["$ref"]?.GetValue<string>() is { } r
                ? Resolve(r.TrimStart('#', '/').Split('/').Aggregate(doc, (n, part) => n[part.Replace("~1", "/")]!))
                : node;

        var result = new Dictionary<string, string>();
        foreach (var (path, item) in doc["paths"]!.AsObject())
        {
            foreach (var (method, op) in item!.AsObject())
            {
                var parameters = (op!["parameters"]?.AsArray() ?? [])
                    .Select(p => Resolve(p!))
                    .Select(p => $"{p["in"]}:{p["name"]}")
                    .Order();
                var responses = op["responses"]!.AsObject()
                    .OrderBy(r => r.Key)
                    .Select(r => $"{r.Key}: {string.Join(",", (Resolve(r.Value!)["content"]?.AsObject() ?? []).Select(c => c.Key).Order())}");
                result[$"{method.ToUpperInvariant()} {path}"] = $"params: {string.Join(",", parameters)}; {string.Join("; ", responses)}";
            }
        }

        return result;
    }

    private static JsonNode LoadContract()
    {
        var yaml = new YamlStream();
        using (var reader = File.OpenText("openapi.yaml"))
        {
            yaml.Load(reader);
        }

        return ToJson(yaml.Documents[0].RootNode)!;

        static JsonNode? ToJson(YamlNode node) => node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(kv => KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
            YamlSequenceNode seq => new JsonArray(seq.Children.Select(ToJson).ToArray()),
            YamlScalarNode scalar => JsonValue.Create(scalar.Value),
            _ => null,
        };
    }
}
