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
catch (Exception e) when (e is not OutOfMemoryException)
{
    // Whatever else goes wrong (a reply that is not what the contract says) is one line too, never a stack trace.
    await Console.Error.WriteLineAsync(ErrorLine.Format($"{e.GetType().Name}: {e.Message}", DateTime.Now));
    return 1;
}
