namespace NvContract.Nvml;

/// <summary>
/// An NVML call failed. The message is v1's log line, <c>nvml: &lt;nvmlErrorString&gt;</c>,
/// e.g. <c>nvml: Unknown Error</c>.
/// </summary>
public class NvmlException : Exception
{
    public NvmlException(NvmlReturn result, string function, string message)
        : base(message)
    {
        Result = result;
        Function = function;
    }

    /// <summary>The return code of the failed call.</summary>
    public NvmlReturn Result { get; }

    /// <summary>The C function that failed, e.g. <c>nvmlDeviceGetUUID</c>.</summary>
    public string Function { get; }
}
