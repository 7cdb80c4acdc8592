using System.Reflection;
using System.Text;
using NvContract.CdiGenerate;

var version = typeof(GenerateCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
var (options, help, error, exitCode) = GenerateCommandLine.Parse(args, GenerateCommand.ProgramName, version);
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
