using System.Net;
using NvContract.Daemon.Security;
using NvContract.Testing;

namespace NvContract.Daemon.Tests;

/// <summary>One audit line per rejected client and minute; the next line counts what was not logged.</summary>
public class RejectionAuditTests
{
    private static readonly IPAddress Scanner = IPAddress.Parse("192.0.2.7");

    [Fact]
    public void SameClientWithinAMinute_LoggedOnce()
    {
        var (audit, logs, _) = Create();

        for (var i = 0; i < 50; i++)
        {
            audit.Rejected(Scanner, RejectionReason.BadToken);
        }

        Assert.Equal(["Rejected client 192.0.2.7: bad bearer token"], logs.Lines);
    }

    [Fact]
    public void AfterTheWindow_NextLineCountsTheSuppressed()
    {
        var (audit, logs, clock) = Create();
        for (var i = 0; i < 4; i++)
        {
            audit.Rejected(Scanner, RejectionReason.NoCertificate);
        }

        clock.Advance(RejectionAudit.Window);
        audit.Rejected(Scanner, RejectionReason.PlaintextOnTlsPort);
        audit.Rejected(Scanner, RejectionReason.PlaintextOnTlsPort);

        Assert.Equal(
            [
                "Rejected client 192.0.2.7: no client certificate",
                "Rejected client 192.0.2.7: plain HTTP on the TLS port (3 earlier rejections of this client not logged)",
            ],
            logs.Lines);
    }

    [Fact]
    public void OtherClients_LoggedEach()
    {
        var (audit, logs, _) = Create();

        audit.Rejected(Scanner, RejectionReason.BadToken);
        audit.Rejected(IPAddress.Parse("::ffff:192.0.2.8"), RejectionReason.BadToken);
        audit.Rejected(null, RejectionReason.NoToken);

        Assert.Equal(
            ["Rejected client 192.0.2.7: bad bearer token", "Rejected client 192.0.2.8: bad bearer token", "Rejected client (unix socket): no bearer token"],
            logs.Lines);
    }

    [Fact]
    public void ManyAddresses_MemoryBounded_StillLogged()
    {
        var (audit, logs, _) = Create();

        for (var i = 0; i <= RejectionAudit.MaxAddresses; i++)
        {
            audit.Rejected(new IPAddress(0x0a000000 + i), RejectionReason.BadToken);
        }

        audit.Rejected(new IPAddress(0x0a000000), RejectionReason.BadToken);

        // The table was full and forgotten: the first address is logged again.
        Assert.Equal(RejectionAudit.MaxAddresses + 2, logs.Lines.Count);
    }

    private static (RejectionAudit Audit, LogCapture Logs, ManualClock Clock) Create()
    {
        var logs = new LogCapture();
        var clock = new ManualClock();
        return (new RejectionAudit(logs.Factory.CreateLogger("test"), clock), logs, clock);
    }
}
