namespace NvContract.Plugin.Contract;

/// <summary>A protocol reply that carries errors in <c>Err</c> with status 200, as Docker expects.</summary>
public interface IErrEnvelope
{
    string? Err { get; set; }
}
