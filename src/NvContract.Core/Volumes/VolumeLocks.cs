namespace NvContract.Core.Volumes;

/// <summary>
/// One lock per driver version. An entry lives only while someone holds or waits for it, so the
/// table stays as small as the work in progress however many distinct names are asked for.
/// </summary>
internal sealed class VolumeLocks
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>How many versions are locked or waited for now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Waits for the version's lock; disposing the result releases it.</summary>
    public async Task<IDisposable> AcquireAsync(string version, CancellationToken cancellationToken)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(version, out entry!))
            {
                entry = new Entry();
                _entries.Add(version, entry);
            }

            entry.Users++;
        }

        try
        {
            await entry.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(version, entry);
            throw;
        }

        return new Held(this, version, entry);
    }

    private void Leave(string version, Entry entry)
    {
        lock (_gate)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(version);
            }
        }
    }

    private sealed class Entry
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        /// <summary>Holders and waiters; guarded by the table's lock.</summary>
        public int Users { get; set; }
    }

    private sealed class Held(VolumeLocks owner, string version, Entry entry) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                entry.Semaphore.Release();
                owner.Leave(version, entry);
            }
        }
    }
}
