using NvContract.Core.Output;

namespace NvContract.Core.Tests.Output;

public class ControlCharactersTests
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "newline", "a\nb", @"a\nb" },
        { "carriage return and tab", "a\r\tb", @"a\r\tb" },
        { "a journal priority after a newline", "x\n<3>forged", @"x\n<3>forged" },
        { "an escape sequence", "\u001b[2J", @"\x1b[2J" },
        { "NUL, bell, backspace, form feed, vertical tab", "\0\a\b\f\v", @"\x00\a\b\f\v" },
        { "DEL", "a\u007fb", @"a\x7fb" },
        { "a C1 control (NEL)", "a\u0085b", @"a\u0085b" },
        { "C1 CSI", "\u009b2J", @"\u009b2J" },
        { "line and paragraph separators", "a\u2028b\u2029c", @"a\u2028b\u2029c" },
        { "a right-to-left override", "exe.\u202etxt", @"exe.\u202etxt" },
        { "a zero-width space", "a\u200bb", @"a\u200bb" },
        { "a backslash, so escapes stay unambiguous", @"a\nb", @"a\\nb" },
        { "a pair is an emoji, shown", "a\U0001F600b", "a\U0001F600b" },
        { "non-ASCII letters and signs, shown", "Größe 34 °C 日本", "Größe 34 °C 日本" },
        { "space and printable ASCII, shown", " !\"#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~", " !\"#$%&'()*+,-./09:;<=>?@AZ[]^_`az{|}~" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Escape_Text_GoQuotedWithoutQuotes(string description, string text, string expected)
    {
        Assert.True(expected == ControlCharacters.Escape(text), $"{description}: {ControlCharacters.Escape(text)}");
    }

    [Fact]
    public void Escape_LoneSurrogates_Escaped()
    {
        // Not theory data: the test runner would replace them while passing them along.
        Assert.Equal(@"a\ud800b\udc00c\ud800", ControlCharacters.Escape("a\ud800b\udc00c\ud800"));
        Assert.Equal(@"\udc00" + "\U0001F600", ControlCharacters.Escape("\udc00\U0001F600"));
        Assert.Equal(@"\ud800" + "\U0001F600", ControlCharacters.Escape("\ud800\U0001F600"));
    }

    [Fact]
    public void Escape_NothingToEscape_SameInstance()
    {
        var text = "Received create request for volume 'nvidia_driver_550.54.15'";

        Assert.Same(text, ControlCharacters.Escape(text));
    }
}
