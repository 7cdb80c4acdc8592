using System.Diagnostics.CodeAnalysis;
using Xunit;

namespace NvContract.Testing;

/// <summary>
/// A fact that runs containers with a real podman (Debian 12's 4.3.1) through runc: it needs root
/// (podman reads specs only from /etc/cdi and /var/run/cdi, so the test mounts its own folder there
/// in a private mount namespace), podman, runc, unshare and a static busybox for the image.
/// </summary>
public sealed class PodmanFactAttribute : FactAttribute
{
    [SuppressMessage("Design", "CA1019", Justification = "xunit reads Skip")]
    public PodmanFactAttribute()
    {
        Skip = SkipReason();
    }

    private static string? SkipReason()
    {
        if (Environment.UserName != "root")
        {
            return "podman's CDI specs are read from /var/run/cdi only: the test needs root to mount its own folder there";
        }

        foreach (var (tool, package) in new[] { ("podman", "podman"), ("runc", "runc"), ("unshare", "util-linux") })
        {
            if (Podman.Find(tool) is null)
            {
                return $"{tool} not found (apt-get install {package})";
            }
        }

        if (!File.Exists("/sbin/ldconfig"))
        {
            return "/sbin/ldconfig not found (the test image takes the host's static one)";
        }

        return File.Exists(Podman.Busybox) ? null : $"{Podman.Busybox} not found (apt-get install busybox-static)";
    }
}
