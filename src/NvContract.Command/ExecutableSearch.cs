namespace NvContract.Command;

/// <summary>Finds a command the way a shell does: a name with a slash as is, else the first executable of that name on PATH.</summary>
internal static class ExecutableSearch
{
    public static string? Find(string command, string? path)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(command) ? command : null;
        }

        foreach (var folder in (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Join(folder, command);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }
}
