using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace NvContract.Core.Metrics;

/// <summary>
/// Writes Prometheus' text exposition format 0.0.4 as UTF-8 into a reusable buffer: a family's
/// <c># HELP</c> and <c># TYPE</c> lines before its first sample (a family without samples is left
/// out), then <c>name{labels} value</c> lines, families named by <paramref name="naming"/>.
/// Not thread-safe; one writer per encoder.
/// </summary>
public sealed class ExpositionWriter(MetricNaming naming = MetricNaming.Dcgm)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(16 * 1024);
    private MetricFamily? _open;

    /// <summary>Everything written since the last <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    /// <summary>Empties the buffer and keeps its capacity.</summary>
    public void Reset()
    {
        _buffer.ResetWrittenCount();
        _open = null;
    }

    /// <summary>One sample; <paramref name="labels"/> is the encoded inside of the braces (<see cref="Labels"/>).</summary>
    public void Sample(MetricFamily family, ReadOnlySpan<byte> labels, long value)
    {
        Head(family, labels);
        Write(value);
        Write("\n"u8);
    }

    public void Sample(MetricFamily family, ReadOnlySpan<byte> labels, double value)
    {
        Head(family, labels);
        var span = _buffer.GetSpan(32);
        if (!value.TryFormat(span, out var written, "R", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("a double longer than 32 bytes");
        }

        _buffer.Advance(written);
        Write("\n"u8);
    }

    /// <summary>Writes <c>name="value"</c> pairs, comma-separated, escaped as the format requires.</summary>
    public static byte[] Labels(params ReadOnlySpan<(string Name, string Value)> labels)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in labels)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(name).Append("=\"");
            foreach (var c in value)
            {
                _ = c switch
                {
                    '\\' => text.Append("\\\\"),
                    '"' => text.Append("\\\""),
                    '\n' => text.Append("\\n"),
                    _ => text.Append(c),
                };
            }

            text.Append('"');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Two encoded label sets as one (either may be empty).</summary>
    public static byte[] Join(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        if (first.IsEmpty || second.IsEmpty)
        {
            return [.. first, .. second];
        }

        return [.. first, (byte)',', .. second];
    }

    private void Head(MetricFamily family, ReadOnlySpan<byte> labels)
    {
        if (!ReferenceEquals(_open, family))
        {
            Write(naming == MetricNaming.Prometheus ? family.PrometheusHeader : family.Header);
            _open = family;
        }

        Write(naming == MetricNaming.Prometheus ? family.PrometheusNameBytes : family.NameBytes);
        if (!labels.IsEmpty)
        {
            Write("{"u8);
            Write(labels);
            Write("}"u8);
        }

        Write(" "u8);
    }

    private void Write(long value)
    {
        var span = _buffer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _buffer.Advance(written);
    }

    private void Write(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);
}
