using NvContract.Core.Metrics;
using NvContract.Testing;

namespace NvContract.Core.Tests.Metrics;

public class ContainerIdsTests
{
    private const string Id = "3f4e1c2b7a9d8e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f";

    public static TheoryData<string, string, string> Layouts => new()
    {
        { $"12:memory:/docker/{Id}\n11:cpu,cpuacct:/docker/{Id}\n0::/", Id, "Docker, cgroup v1 with cgroupfs" },
        { $"0::/system.slice/docker-{Id}.scope", Id, "Docker, cgroup v2 with systemd" },
        { $"0::/machine.slice/libpod-{Id}.scope/container", Id, "podman, cgroup v2 with systemd (the container's own sub-cgroup)" },
        { $"5:devices:/libpod_parent/libpod-{Id}", Id, "podman, cgroup v1 with cgroupfs" },
        { $"4:memory:/kubepods/burstable/pod0b5c1e7a-7a3e-4d0b-9a43-8f0d3f6f3c11/{Id}", Id, "containerd under Kubernetes, cgroupfs" },
        { $"0::/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0b5c1e7a_7a3e.slice/cri-containerd-{Id}.scope", Id, "containerd under Kubernetes, systemd" },
        { $"0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1.slice/crio-{Id}.scope", Id, "CRI-O" },
        { "0::/user.slice/user-1000.slice/session-3.scope\n", "", "a login session: no container" },
        { "0::/system.slice/nvidia-persistenced.service", "", "a system service: no container" },
        { $"0::/system.slice/docker-{Id[..63]}.scope", "", "63 hex digits are not an id" },
        { $"0::/system.slice/notdocker{Id}.scope", "", "an id glued to a word without a dash" },
        { "", "", "an empty file" },
    };

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Parse_CgroupLayout_FindsTheContainerId(string cgroup, string expected, string description)
    {
        Assert.True(expected == ContainerIds.Parse(cgroup), description);
    }

    [Fact]
    public void Resolve_ProcRoot_ReadsEachPidsCgroupAndEmptyForGoneProcesses()
    {
        using var root = new TempFolder();
        Directory.CreateDirectory(Path.Join(root.Path, "proc", "4242"));
        File.WriteAllText(Path.Join(root.Path, "proc", "4242", "cgroup"), $"0::/system.slice/docker-{Id}.scope\n");
        Directory.CreateDirectory(Path.Join(root.Path, "proc", "17"));
        File.WriteAllText(Path.Join(root.Path, "proc", "17", "cgroup"), "0::/user.slice\n");
        var ids = new ContainerIds(root.Path);

        var resolved = ids.Resolve([4242, 17, 99]);

        Assert.Equal(Id, resolved[4242]);
        Assert.Equal("", resolved[17]);
        Assert.Equal("", resolved[99]);
    }

    [Fact]
    public void Resolve_PidOfALaterSample_IsReadOnceWhileItLivesAndForgottenAfter()
    {
        using var root = new TempFolder();
        var cgroup = Path.Join(root.Path, "proc", "4242", "cgroup");
        Directory.CreateDirectory(Path.GetDirectoryName(cgroup)!);
        File.WriteAllText(cgroup, $"0::/docker/{Id}\n");
        var ids = new ContainerIds(root.Path);
        ids.Resolve([4242]);

        File.WriteAllText(cgroup, "0::/\n");
        var stillRunning = ids.Resolve([4242]);
        ids.Resolve([]);
        var afterItEnded = ids.Resolve([4242]);

        Assert.Equal(Id, stillRunning[4242]);
        Assert.Equal("", afterItEnded[4242]);
    }
}
