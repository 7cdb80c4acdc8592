using System.Net.Sockets;

namespace NvContract.Testing;

/// <summary>A unix socket file that no process listens on any more, as a killed daemon leaves it.</summary>
public static class StaleSocket
{
    /// <summary>Makes one at <paramref name="path"/>; connecting to it is refused.</summary>
    public static void Create(string path)
    {
        // .NET deletes the file of a socket it bound when the socket is disposed: bind another
        // name, move the file into place, then close the socket (its own name is gone by then).
        var bound = path + ".binding";
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(bound));
            File.Move(bound, path);
        }

        if (!File.Exists(path))
        {
            throw new IOException($"no stale socket at {path}");
        }
    }
}
