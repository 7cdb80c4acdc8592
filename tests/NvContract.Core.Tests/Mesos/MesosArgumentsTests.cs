using System.Text;
using NvContract.Core.Mesos;

namespace NvContract.Core.Tests.Mesos;

public class MesosArgumentsTests
{
    [Fact]
    public void Format_Body_RoundTripsThroughZlibAndBase64Url()
    {
        var body = Encoding.UTF8.GetBytes("{\"Version\":{\"Driver\":\"375.26\",\"CUDA\":\"8.0\"},\"Devices\":[]}\n");
        var line = MesosArguments.Format(body, ["GPU-a", "GPU-b"]);

        Assert.StartsWith("--attributes=gpus:eJ", line);
        var attribute = line["--attributes=gpus:".Length..line.IndexOf(' ')];
        Assert.DoesNotContain('=', attribute);
        Assert.DoesNotContain('+', attribute);
        Assert.DoesNotContain('/', attribute);
        Assert.Equal(body, MesosArguments.Decode(attribute));
        Assert.EndsWith(" --resources=gpus:{GPU-a,GPU-b}", line);
    }

    [Fact]
    public void Format_NoDevices_EmptyBraces() =>
        Assert.EndsWith("--resources=gpus:{}", MesosArguments.Format("{}\n"u8, []));

    [Fact]
    public void Encode_BytesNeedingUrlAlphabet_UsesDashAndUnderscore()
    {
        // Enough varied bytes that the standard alphabet would need '+' or '/'.
        var data = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray();
        var encoded = MesosArguments.Encode(data);
        Assert.Matches("^[A-Za-z0-9_-]+$", encoded);
        Assert.Equal(data, MesosArguments.Decode(encoded));
    }
}
