using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

namespace NvContract.Core.Sockets;

/// <summary>
/// The file of a listening unix socket (the plugin socket, the REST API's <c>-l unix:PATH</c>),
/// bound so that nothing another program owns is ever replaced or deleted: a file that is not a
/// socket, or a socket someone answers on, makes <see cref="Bind"/> fail with Go's
/// <c>listen unix PATH: bind: address already in use</c> and is left as it is; only a socket that
/// refuses connections (left by a killed daemon) is removed first. <see cref="Remove"/> deletes the
/// file only while it is still the socket <see cref="Bind"/> made.
/// </summary>
/// <example>
/// <code>
/// var socket = new UnixSocketFile(path);
/// kestrel.ListenUnixSocket(path);
/// services.Configure&lt;SocketTransportOptions&gt;(o => o.CreateBoundListenSocket = _ => socket.CreateListenSocket());
/// ...                                     // once the server has stopped:
/// socket.Remove();
/// </code>
/// </example>
public sealed class UnixSocketFile(string path)
{
    // sockaddr_un: a 2-byte family, then the path and its NUL in 108 bytes.
    private const int PathCapacity = 108;

    // Kestrel's default; the server listens again with its own.
    private const int Backlog = 512;

    // How long a socket that accepts no connection yet (a full backlog) may take to answer the probe.
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private (uint Major, uint Minor, ulong Inode)? _bound;
    private int? _descriptor;
    private bool _handedOver;

    public string Path { get; } = path;

    /// <summary>
    /// Binds and listens on <see cref="Path"/>. The descriptor closes on exec and is bound by this
    /// class, not by a <see cref="Socket"/>: .NET deletes the file of a socket it bound when that
    /// socket is disposed, whoever's file it is by then.
    /// </summary>
    /// <exception cref="IOException">The path is taken, or bind(2) failed; the message is Go's.</exception>
    /// <exception cref="InvalidOperationException">Bound already.</exception>
    public void Bind()
    {
        if (_descriptor is not null)
        {
            throw new InvalidOperationException($"{Path} is bound already");
        }

        var address = SocketAddress();
        ClearStale();

        var fd = Interop.Libc.Socket(Interop.Libc.AF_UNIX, Interop.Libc.SOCK_STREAM | Interop.Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw Failure(Marshal.GetLastPInvokeError());
        }

        // Listening at once: a socket that refuses connections is what the next start removes.
        if (Interop.Libc.Bind(fd, address, (uint)address.Length) != 0 || Interop.Libc.Listen(fd, Backlog) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            Interop.Libc.Close(fd);
            throw Failure(errno);
        }

        _bound = Identity();
        _descriptor = fd;
    }

    /// <summary>
    /// The listening socket, for a server to own (it closes the descriptor); binds first unless
    /// <see cref="Bind"/> was called. Disposing it leaves the file, which <see cref="Remove"/> removes.
    /// </summary>
    /// <exception cref="IOException">As for <see cref="Bind"/>.</exception>
    /// <exception cref="InvalidOperationException">Handed to a server already: one owner closes the descriptor.</exception>
    public Socket CreateListenSocket()
    {
        if (_handedOver)
        {
            throw new InvalidOperationException($"{Path} is served already");
        }

        if (_descriptor is null)
        {
            Bind();
        }

        _handedOver = true;
        return new Socket(new SafeSocketHandle(_descriptor!.Value, ownsHandle: true));
    }

    /// <summary>Deletes the socket file if it is still the one <see cref="Bind"/> made (same device and inode).</summary>
    public void Remove()
    {
        if (_bound is { } bound && Identity() == bound)
        {
            File.Delete(Path);
        }

        _bound = null;
    }

    /// <summary>Removes a socket no one answers on; refuses anything else that holds the path.</summary>
    private void ClearStale()
    {
        if (Interop.Libc.Statx(Interop.Libc.AT_FDCWD, Path, Interop.Libc.AT_SYMLINK_NOFOLLOW, Interop.Libc.STATX_TYPE, out var status) != 0)
        {
            return; // Nothing there (or nothing we may look at: bind says why).
        }

        if ((status.Mode & Interop.Libc.S_IFMT) != Interop.Libc.S_IFSOCK || !Refuses())
        {
            throw new IOException($"listen unix {Path}: bind: address already in use");
        }

        File.Delete(Path);
    }

    /// <summary>True when connecting is refused: no process listens on the socket any more.</summary>
    private bool Refuses()
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var timeout = new CancellationTokenSource(ProbeTimeout);
        try
        {
            probe.ConnectAsync(new UnixDomainSocketEndPoint(Path), timeout.Token).AsTask().GetAwaiter().GetResult();
            return false;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            // Not allowed to connect, or no answer in time: someone may be there.
            return false;
        }
    }

    private (uint Major, uint Minor, ulong Inode)? Identity()
    {
        const uint mask = Interop.Libc.STATX_TYPE | Interop.Libc.STATX_INO;
        return Interop.Libc.Statx(Interop.Libc.AT_FDCWD, Path, Interop.Libc.AT_SYMLINK_NOFOLLOW, mask, out var status) == 0
               && (status.Mode & Interop.Libc.S_IFMT) == Interop.Libc.S_IFSOCK
            ? (status.DeviceMajor, status.DeviceMinor, status.Inode)
            : null;
    }

    private byte[] SocketAddress()
    {
        var path = Encoding.UTF8.GetBytes(Path);
        if (path.Length == 0 || path.Length >= PathCapacity || path.Contains((byte)0))
        {
            throw new IOException($"listen unix {Path}: bind: invalid argument");
        }

        var address = new byte[2 + path.Length + 1];
        BitConverter.TryWriteBytes(address, (ushort)Interop.Libc.AF_UNIX);
        path.CopyTo(address, 2);
        return address;
    }

    /// <summary>Go's wording: the C library's message, lower case (<c>permission denied</c>).</summary>
    private IOException Failure(int errno)
    {
        var reason = Marshal.GetPInvokeErrorMessage(errno);
        return new IOException($"listen unix {Path}: bind: {char.ToLowerInvariant(reason[0])}{reason[1..]}");
    }
}
