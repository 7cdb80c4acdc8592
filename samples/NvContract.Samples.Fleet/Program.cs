using NvContract.Samples.Fleet;

return await FleetCommand.RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
