using System.Buffers;
using System.Text.Json;

namespace NvContract.Core.Cdi;

/// <summary>
/// How a spec is written: the CDI field names (camelCase) in declaration order, absent fields
/// left out, two-space indents and a final newline. The same spec always gives the same bytes.
/// Written field by field with a <see cref="Utf8JsonWriter"/> rather than through the serializer:
/// the serializer builds its metadata (attributes read by reflection) on first use, which a
/// one-shot process pays on every run, and the model is six small records.
/// </summary>
internal static class CdiJson
{
    private static readonly JsonWriterOptions Options = new() { Indented = true, IndentSize = 2 };

    /// <summary>The spec as the file holds it: UTF-8 JSON and a newline.</summary>
    public static byte[] Serialize(CdiSpec spec)
    {
        var buffer = new PooledBuffer(EstimateSize(spec));
        try
        {
            using (var writer = new Utf8JsonWriter(buffer, Options))
            {
                Write(writer, spec);
            }

            buffer.Write("\n"u8);
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.Return();
        }
    }

    private static void Write(Utf8JsonWriter writer, CdiSpec spec)
    {
        writer.WriteStartObject();
        WriteString(writer, "cdiVersion"u8, spec.CdiVersion);
        WriteString(writer, "kind"u8, spec.Kind);
        if (spec.Devices is { } devices)
        {
            writer.WriteStartArray("devices"u8);
            foreach (var device in devices)
            {
                writer.WriteStartObject();
                WriteString(writer, "name"u8, device.Name);
                WriteEdits(writer, device.ContainerEdits);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        WriteEdits(writer, spec.ContainerEdits);
        writer.WriteEndObject();
    }

    private static void WriteEdits(Utf8JsonWriter writer, CdiContainerEdits? edits)
    {
        if (edits is null)
        {
            return;
        }

        writer.WriteStartObject("containerEdits"u8);
        WriteStrings(writer, "env"u8, edits.Env);
        if (edits.DeviceNodes is { } nodes)
        {
            writer.WriteStartArray("deviceNodes"u8);
            foreach (var node in nodes)
            {
                writer.WriteStartObject();
                WriteString(writer, "path"u8, node.Path);
                WriteString(writer, "hostPath"u8, node.HostPath);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (edits.Mounts is { } mounts)
        {
            writer.WriteStartArray("mounts"u8);
            foreach (var mount in mounts)
            {
                writer.WriteStartObject();
                WriteString(writer, "hostPath"u8, mount.HostPath);
                WriteString(writer, "containerPath"u8, mount.ContainerPath);
                WriteStrings(writer, "options"u8, mount.Options);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (edits.Hooks is { } hooks)
        {
            writer.WriteStartArray("hooks"u8);
            foreach (var hook in hooks)
            {
                writer.WriteStartObject();
                WriteString(writer, "hookName"u8, hook.HookName);
                WriteString(writer, "path"u8, hook.Path);
                WriteStrings(writer, "args"u8, hook.Args);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteStrings(Utf8JsonWriter writer, ReadOnlySpan<byte> name, IReadOnlyList<string>? values)
    {
        if (values is null)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    /// <summary>A little over the spec's size, so the buffer is taken once and never grown: each string plus its field's indent, name and quotes.</summary>
    private static int EstimateSize(CdiSpec spec)
    {
        var size = 256;
        foreach (var device in spec.Devices ?? [])
        {
            size += 64 + device.Name.Length + EstimateSize(device.ContainerEdits);
        }

        return size + EstimateSize(spec.ContainerEdits);
    }

    private static int EstimateSize(CdiContainerEdits? edits)
    {
        if (edits is null)
        {
            return 0;
        }

        var size = 64;
        foreach (var value in edits.Env ?? [])
        {
            size += 16 + value.Length;
        }

        foreach (var node in edits.DeviceNodes ?? [])
        {
            size += 64 + node.Path.Length + (node.HostPath?.Length ?? 0);
        }

        foreach (var mount in edits.Mounts ?? [])
        {
            size += 160 + mount.HostPath.Length + mount.ContainerPath.Length;
        }

        foreach (var hook in edits.Hooks ?? [])
        {
            size += 128 + hook.Path.Length;
            foreach (var arg in hook.Args)
            {
                size += 16 + arg.Length;
            }
        }

        return size;
    }

    /// <summary>
    /// A buffer from the shared pool (not zeroed, so a one-shot process touches only the pages
    /// the spec fills), grown like <see cref="ArrayBufferWriter{T}"/> if the estimate was short.
    /// </summary>
    private sealed class PooledBuffer(int capacity) : IBufferWriter<byte>
    {
        private byte[] _array = ArrayPool<byte>.Shared.Rent(capacity);
        private int _written;

        public ReadOnlySpan<byte> WrittenSpan => _array.AsSpan(0, _written);

        public void Advance(int count)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _array.Length - _written);
            _written += count;
        }

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _array.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Reserve(sizeHint);
            return _array.AsSpan(_written);
        }

        public void Return()
        {
            ArrayPool<byte>.Shared.Return(_array);
            _array = [];
            _written = 0;
        }

        private void Reserve(int sizeHint)
        {
            var needed = Math.Max(sizeHint, 1);
            if (_array.Length - _written >= needed)
            {
                return;
            }

            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _written + needed));
            WrittenSpan.CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = larger;
        }
    }
}
