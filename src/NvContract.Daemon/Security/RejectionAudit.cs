using System.Net;

namespace NvContract.Daemon.Security;

/// <summary>
/// One log line per rejected client: its address and the reason (no or bad certificate, no or
/// bad token, plain HTTP on the TLS port). A client that keeps knocking is logged once per
/// <see cref="Window"/>; the next line for it says how many rejections were not logged, so a
/// scanner cannot flood the log and nothing is hidden. Values are escaped by the log formatters.
/// </summary>
public sealed class RejectionAudit(ILogger logger, TimeProvider clock)
{
    /// <summary>How long after a logged rejection further ones of the same address are only counted.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>The most addresses remembered; past it, the expired ones are forgotten, then all.</summary>
    public const int MaxAddresses = 10_000;

    private readonly Dictionary<string, Entry> _clients = [];

    /// <param name="address">The client's address; null when unknown (a unix socket).</param>
    public void Rejected(IPAddress? address, string reason)
    {
        var client = address is null ? "(unix socket)" : (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();
        var now = clock.GetTimestamp();
        long suppressed;
        lock (_clients)
        {
            if (_clients.TryGetValue(client, out var entry) && clock.GetElapsedTime(entry.LoggedAt, now) < Window)
            {
                entry.Suppressed++;
                return;
            }

            suppressed = entry?.Suppressed ?? 0;
            if (entry is null && _clients.Count >= MaxAddresses)
            {
                Forget(now);
            }

            _clients[client] = new Entry { LoggedAt = now };
        }

        if (suppressed == 0)
        {
            logger.LogWarning("Rejected client {Client}: {Reason}", client, reason);
        }
        else
        {
            logger.LogWarning("Rejected client {Client}: {Reason} ({Suppressed} earlier rejections of this client not logged)", client, reason, suppressed);
        }
    }

    private void Forget(long now)
    {
        foreach (var (client, entry) in _clients.ToList())
        {
            if (clock.GetElapsedTime(entry.LoggedAt, now) >= Window)
            {
                _clients.Remove(client);
            }
        }

        if (_clients.Count >= MaxAddresses)
        {
            _clients.Clear();
        }
    }

    private sealed class Entry
    {
        public long LoggedAt { get; init; }

        public long Suppressed { get; set; }
    }
}
