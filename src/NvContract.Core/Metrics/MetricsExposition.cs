using System.IO.Compression;
using NvContract.Core.Gpu;
using NvContract.Core.Health;

namespace NvContract.Core.Metrics;

/// <summary>
/// The <c>/metrics</c> body: encoded once per sample and health change, then served as the same
/// bytes to every scrape (gzip-compressed once too, on first demand, for scrapers that accept it,
/// as Prometheus does). Label sets are encoded once per driver version.
/// </summary>
public sealed class MetricsExposition(IGpuSource gpus, MetricsSampler sampler, GpuHealthMonitor health, string hostname, MetricNaming naming = MetricNaming.Dcgm)
{
    /// <summary>The content type of the text exposition format this writes.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly Lock _encode = new();
    private readonly ExpositionWriter _writer = new(naming);
    private Body? _body;
    private (string Version, GpuLabels[] Labels)? _labels;

    /// <summary>Every family this can write, for documentation and tests.</summary>
    public static IEnumerable<MetricFamily> Families => [.. GpuMetrics.Families, .. HealthMetrics.Families, .. ProcessFigures.Families];

    public async ValueTask<Body> ReadAsync()
    {
        var sample = await sampler.ReadAsync().ConfigureAwait(false);
        var snapshot = health.Snapshot;
        var body = Volatile.Read(ref _body);
        if (body is not null && ReferenceEquals(body.Sample, sample) && body.HealthVersion == snapshot.Version)
        {
            return body;
        }

        lock (_encode)
        {
            body = _body;
            if (body is not null && ReferenceEquals(body.Sample, sample) && body.HealthVersion == snapshot.Version)
            {
                return body;
            }

            var labels = Labels(sample.Versions?.Driver ?? "");
            _writer.Reset();
            GpuMetrics.Write(_writer, sample, labels);
            HealthMetrics.Write(_writer, snapshot, labels);
            sample.Process.Write(_writer);
            body = new Body(sample, snapshot.Version, _writer.Written.ToArray());
            Volatile.Write(ref _body, body);
            return body;
        }
    }

    private GpuLabels[] Labels(string driverVersion)
    {
        if (_labels is not { } cached || cached.Version != driverVersion)
        {
            cached = (driverVersion, GpuLabels.For(gpus.Devices, hostname, driverVersion, naming));
            _labels = cached;
        }

        return cached.Labels;
    }

    /// <summary>One encoded body, identity and (lazily) gzip.</summary>
    public sealed class Body(MetricsSample sample, long healthVersion, byte[] text)
    {
        private byte[]? _gzip;
        private object? _gzipGate;

        internal MetricsSample Sample { get; } = sample;

        internal long HealthVersion { get; } = healthVersion;

        /// <summary>The exposition text, UTF-8.</summary>
        public byte[] Text { get; } = text;

        /// <summary>The same text gzip-compressed, computed once per body; racing callers wait for that one.</summary>
        /// <remarks>
        /// Once, not once per racing caller: every compressor allocates a few hundred kilobytes of
        /// native zlib state, and when a new body met 64 concurrent scrapes, a compression on each
        /// of their threads left that much in each thread's malloc arena, which the C library keeps
        /// for reuse rather than returning (several MiB of the daemon's peak).
        /// </remarks>
        public byte[] Gzip => LazyInitializer.EnsureInitialized(ref _gzip, ref _gzipGate, Compress);

        private byte[] Compress()
        {
            using var output = new MemoryStream(Text.Length / 4);
            using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(Text);
            }

            return output.ToArray();
        }
    }
}
