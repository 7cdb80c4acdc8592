using NvContract.Command;

try
{
    await NvidiaDocker.RunAsync(args, CommandSettings.FromEnvironment());
    return 1;
}
catch (CommandException e)
{
    await Console.Error.WriteLineAsync(ErrorLine.Format(e.Message, DateTime.Now));
    return 1;
}
