using NvContract.Bench.Load;

// A closed-loop HTTP load generator for what wrk cannot reach: the plugin's unix socket, and
// runs of an exact number of requests. Prints one line of name=value pairs.
LoadOptions options;
try
{
    options = LoadOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(LoadOptions.Usage);
    return 2;
}

var summary = await new LoadRun(options).RunAsync();
Console.WriteLine(summary);
return summary.Errors == 0 ? 0 : 1;
