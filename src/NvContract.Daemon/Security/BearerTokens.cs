using System.Security.Cryptography;
using System.Text;
using NvContract.Daemon.Hosting;

namespace NvContract.Daemon.Security;

/// <summary>
/// The tokens of <c>--auth-token-file</c>: one per line, the line's first word (the rest of the
/// line is a comment); blank lines and lines starting with <c>#</c> are ignored. The file is read
/// again when it changes, so a token is added or revoked without a restart; a file that cannot be
/// read any more admits nobody until it can. Only SHA-256 hashes are kept, and a presented token
/// is compared with every one of them in constant time, so the answer's timing tells nothing about
/// how much of a token was right. Tokens are never logged.
/// </summary>
public sealed class BearerTokens
{
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _reload = new();
    private volatile Snapshot _current;

    private BearerTokens(string path, ILogger logger, Snapshot first)
    {
        _path = path;
        _logger = logger;
        _current = first;
    }

    /// <summary>Reads the file once; a missing, shared or empty file is a start-up error.</summary>
    public static BearerTokens Load(string path, ILogger logger)
    {
        PrivateFile.Check(path, "--auth-token-file");
        var stamp = FileStamp.Of(path);
        IReadOnlyList<byte[]> hashes;
        try
        {
            hashes = Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"--auth-token-file {path}: {e.Message}", e);
        }

        return hashes.Count == 0
            ? throw new StartupException($"--auth-token-file {path} holds no token (one per line; # starts a comment)")
            : new BearerTokens(path, logger, new Snapshot(stamp, hashes));
    }

    /// <summary>Whether an <c>Authorization</c> header value carries one of the tokens.</summary>
    public bool Admits(string? authorization) =>
        Token(authorization) is { } token && Matches(Current().Hashes, token);

    /// <summary>The token of a <c>Bearer</c> authorization (the scheme is case-insensitive, RFC 6750), else null.</summary>
    public static string? Token(string? authorization)
    {
        const string scheme = "Bearer ";
        return authorization is not null && authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && authorization.Length > scheme.Length
            ? authorization[scheme.Length..].Trim()
            : null;
    }

    /// <summary>The SHA-256 hashes of the tokens in a file's text.</summary>
    public static IReadOnlyList<byte[]> Parse(string text) =>
        [.. text.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && line[0] != '#')
            .Select(line => line.Split([' ', '\t'], 2)[0])
            .Select(Hash)];

    private static bool Matches(IReadOnlyList<byte[]> hashes, string token)
    {
        var presented = Hash(token);
        var found = false;
        foreach (var hash in hashes)
        {
            // Every token is compared, whichever matches.
            found |= CryptographicOperations.FixedTimeEquals(hash, presented);
        }

        return found;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));

    private Snapshot Current()
    {
        var current = _current;
        var stamp = FileStamp.Of(_path);
        if (stamp == current.Stamp)
        {
            return current;
        }

        lock (_reload)
        {
            if (_current.Stamp != stamp)
            {
                _current = Read(stamp);
            }

            return _current;
        }
    }

    private Snapshot Read(FileStamp stamp)
    {
        if (PrivateFile.Problem(_path, "--auth-token-file") is { } problem)
        {
            _logger.LogError("Error: {Problem}; every token is refused until it is fixed", problem);
            return new Snapshot(stamp, []);
        }

        try
        {
            var hashes = Parse(File.ReadAllText(_path));
            _logger.LogInformation("Reloaded --auth-token-file {Path}: {Count} tokens", _path, hashes.Count);
            return new Snapshot(stamp, hashes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError("Error: cannot read --auth-token-file {Path}: {Reason}; every token is refused until it can be read", _path, e.Message);
            return new Snapshot(stamp, []);
        }
    }

    private sealed record Snapshot(FileStamp Stamp, IReadOnlyList<byte[]> Hashes);
}
