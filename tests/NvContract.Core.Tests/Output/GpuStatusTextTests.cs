using NvContract.Core.Gpu;
using NvContract.Core.Output;

namespace NvContract.Core.Tests.Output;

public class GpuStatusTextTests
{
    /// <summary>
    /// What v1's own template printed for <see cref="ReferenceMachine"/>, verbatim (layout:
    /// docs/v1-compatibility.md §4.4).
    /// </summary>
    private const string ReferenceOutput = """

        Device #0
          Power:        57 / 149 W
          Temperature:  34 °C
          Utilization
            GPU:      0 %
            Memory:   0 %
            Encoder:  0 %
            Decoder:  0 %
          Memory
            Global:  0 / 11439 MiB
            ECC Errors
              L1 Cache:  0
              L2 Cache:  0
              Global:    0
          PCI
            BAR1:  2 / 16384 MiB
            Throughput
              RX:  0 MB/s
              TX:  0 MB/s
          Clocks
            Cores:   562 MHz
            Memory:  324 MHz
          Processes
            - PID:     1234
              Name:    python
              Memory:  105 MiB

        Device #1
          Power:        N/A
          Temperature:  N/A
          Utilization
            GPU:      N/A
            Memory:   N/A
            Encoder:  N/A
            Decoder:  N/A
          Memory
            Global:  N/A
            ECC Errors
              L1 Cache:  N/A
              L2 Cache:  N/A
              Global:    N/A
          PCI
            BAR1:  N/A
            Throughput
              RX:  N/A
              TX:  N/A
          Clocks
            Cores:    N/A
            Memory:   N/A
          Processes:  None


        """;

    [Fact]
    public void Format_ReferenceDevices_MatchesV1ByteForByte() =>
        Assert.Equal(ReferenceOutput, GpuStatusText.Format([ReferenceMachine.K80, ReferenceMachine.Bare], [ReferenceMachine.K80Status, GpuStatus.Unknown]));

    [Fact]
    public void Format_NoDevices_IsOneNewline() =>
        Assert.Equal("\n", GpuStatusText.Format([], []));

    [Fact]
    public void Format_PowerWithoutLimit_PrintsNA()
    {
        var text = GpuStatusText.Format([ReferenceMachine.Bare], [ReferenceMachine.K80Status]);
        Assert.Contains("  Power:        N/A\n", text);
        Assert.Contains("    Global:  N/A\n", text);
    }

    [Fact]
    public void Format_ProcessNameWithControlCharacters_EscapedOnItsLine()
    {
        // Anyone running a CUDA program chooses its name: a newline must not forge report lines.
        var status = ReferenceMachine.K80Status with { Processes = [new GpuProcess(1234, "x\n  - PID:     1\u001b[2J", 105)] };

        var text = GpuStatusText.Format([ReferenceMachine.K80], [status]);

        Assert.Contains("    - PID:     1234\n      Name:    x\\n  - PID:     1\\x1b[2J\n      Memory:  105 MiB\n", text);
    }

    [Fact]
    public void Format_DegreeSign_IsUtf8()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(GpuStatusText.Format([ReferenceMachine.K80], [ReferenceMachine.K80Status]));
        byte[] celsius = [(byte)'3', (byte)'4', (byte)' ', 0xC2, 0xB0, (byte)'C', (byte)'\n'];
        Assert.True(bytes.AsSpan().IndexOf(celsius) > 0);
    }
}
