using NvContract.Core.Cdi;
using NvContract.Testing;

namespace NvContract.Core.Tests.Cdi;

public class CdiCollisionsTests
{
    private const string Own = "nvidia-docker-plugin.nvidia.com-gpu.json";

    // The head of what nvidia-ctk cdi generate writes.
    private const string NvidiaCtkYaml = """
        ---
        cdiVersion: 0.5.0
        containerEdits:
          env:
          - NVIDIA_VISIBLE_DEVICES=void
        devices:
        - containerEdits:
            deviceNodes:
            - path: /dev/nvidia0
          name: "0"
        kind: nvidia.com/gpu
        """;

    public static TheoryData<string, string, string, bool> Files => new()
    {
        { "nvidia-ctk's YAML", "nvidia.yaml", NvidiaCtkYaml, true },
        { "a quoted YAML kind with a comment", "b.yaml", "cdiVersion: 0.5.0\nkind: \"nvidia.com/gpu\" # ours\n", true },
        { "a JSON spec", "c.json", "{\"cdiVersion\":\"0.5.0\",\"kind\":\"nvidia.com/gpu\",\"devices\":[]}", true },
        { "another kind", "d.yaml", "kind: example.com/gpu\n", false },
        { "a nested kind is not the spec's", "e.yaml", "devices:\n- name: x\n  kind: nvidia.com/gpu\nkind: example.com/x\n", false },
        { ".yml is not read by runtimes", "f.yml", NvidiaCtkYaml, false },
        { "the daemon's own file", Own, NvidiaCtkYaml, false },
        { "not a spec at all", "g.json", "not json", false },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Find_SpecOfTheSameKind_OnlyWhereRuntimesWouldLoadIt(string description, string name, string content, bool collides)
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine(name), content);

        var found = CdiCollisions.Find(folder.Path, CdiKind.Default, Own);

        Assert.True((found == folder.Combine(name)) == collides, description);
    }

    [Fact]
    public void Find_SeveralOthers_TheFirstByName()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.Combine("z.yaml"), NvidiaCtkYaml);
        File.WriteAllText(folder.Combine("a.yaml"), NvidiaCtkYaml);

        Assert.Equal(folder.Combine("a.yaml"), CdiCollisions.Find(folder.Path, CdiKind.Default, Own));
    }

    [Fact]
    public void Find_MissingFolder_Null()
    {
        Assert.Null(CdiCollisions.Find("/nonexistent-cdi-folder-for-test", CdiKind.Default, Own));
    }
}
