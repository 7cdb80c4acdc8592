namespace NvContract.Core.Discovery;

/// <summary>Which volume folder a library goes to: <c>lib</c> (32-bit) or <c>lib64</c> (64-bit).</summary>
public enum LibraryArch
{
    Bits32,
    Bits64,
}
