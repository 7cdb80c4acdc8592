namespace NvContract.Core.Discovery;

/// <summary>What a <see cref="DriverFileSelection"/> tells its caller about the listed files it passes over.</summary>
public interface IDriverFileSelectionReport
{
    /// <summary>Called before each listed path is opened (where a build checks its deadline).</summary>
    void BeforeFile();

    /// <summary>The listed path does not exist (v1 skipped such files without a word).</summary>
    void Missing(DriverPath path, DriverFolder folder, string hostPath);

    /// <summary>The file exists but cannot be used: not a regular file, unreadable, not ELF, wrong class or machine.</summary>
    void Unusable(DriverPath path, DriverFolder folder, UnusableFileException e);

    /// <summary>Another vendor's build of a GL library (docs/v1-compatibility.md §3.5).</summary>
    void NotNvidia(string hostPath);

    /// <summary>An earlier file of the folder already has this file's name.</summary>
    void Duplicate(string hostPath, string name);

    /// <summary>The file's SONAME cannot name a file next to it.</summary>
    void BadSoname(string soname, string name);
}
