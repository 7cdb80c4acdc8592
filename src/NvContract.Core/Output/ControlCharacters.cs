using System.Globalization;
using System.Text;

namespace NvContract.Core.Output;

/// <summary>
/// Escapes what a terminal, a log reader or the journal would act on rather than show, in Go's
/// <c>%q</c> style but without the quotes, so text without such characters stays byte for byte
/// as it was: <c>\n</c>, <c>\r</c>, <c>\t</c> (and <c>\a \b \f \v</c>), <c>\x1b</c> for other C0
/// controls and DEL, <c>\u0085</c> for C1 controls, <c>\u2028</c> for line and paragraph
/// separators and format characters (bidirectional overrides, zero-width characters), a lone
/// surrogate as <c>\ud800</c>, and a backslash as <c>\\</c> so that escaped text cannot pass
/// for an escape.
/// </summary>
public static class ControlCharacters
{
    /// <summary>The text with every character above escaped; the same instance when there is none.</summary>
    public static string Escape(string text)
    {
        var first = IndexOfEscaped(text);
        if (first < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                escaped.Append(c).Append(text[++i]);
            }
            else if (NeedsEscape(text, i))
            {
                AppendEscape(escaped, c);
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static int IndexOfEscaped(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (NeedsEscape(text, i))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool NeedsEscape(string text, int i)
    {
        var c = text[i];
        if (c is >= ' ' and < '\x7f' and not '\\')
        {
            return false;
        }

        if (char.IsSurrogate(c))
        {
            // A pair is a character outside the BMP (an emoji): shown, not escaped.
            return char.IsHighSurrogate(c)
                ? i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])
                : i == 0 || !char.IsHighSurrogate(text[i - 1]);
        }

        return c == '\\' || CharUnicodeInfo.GetUnicodeCategory(c) is
            UnicodeCategory.Control or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator or UnicodeCategory.Format;
    }

    private static void AppendEscape(StringBuilder escaped, char c)
    {
        _ = c switch
        {
            '\\' => escaped.Append(@"\\"),
            '\a' => escaped.Append(@"\a"),
            '\b' => escaped.Append(@"\b"),
            '\f' => escaped.Append(@"\f"),
            '\n' => escaped.Append(@"\n"),
            '\r' => escaped.Append(@"\r"),
            '\t' => escaped.Append(@"\t"),
            '\v' => escaped.Append(@"\v"),
            < '\x80' => escaped.Append(CultureInfo.InvariantCulture, $@"\x{(int)c:x2}"),
            _ => escaped.Append(CultureInfo.InvariantCulture, $@"\u{(int)c:x4}"),
        };
    }
}
