using System.Reflection;
using System.Text;
using NvContract.CdiGenerate;

// Read only for --version: the attribute lookup goes through reflection metadata.
var (options, help, error, exitCode) = GenerateCommandLine.Parse(args, GenerateCommand.ProgramName, Version);
using var stderr = Console.OpenStandardError();
if (options is null)
{
    if (help is not null)
    {
        using var stdout = Console.OpenStandardOutput();
        stdout.Write(Encoding.UTF8.GetBytes(help));
    }

    if (error is not null)
    {
        new StderrLog(GenerateCommand.ProgramName, stderr).Error(error);
    }

    return exitCode;
}

using (var stdout = Console.OpenStandardOutput())
{
    return GenerateCommand.Run(options, stdout, new StderrLog(GenerateCommand.ProgramName, stderr));
}

static string Version() =>
    typeof(GenerateCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
