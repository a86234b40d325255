using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace LearningBot.Slack.BlockKit;

/// <summary>
/// A piece of mrkdwn that must reach Slack exactly as built (a mention, a channel or URL link, a date): escaping it would
/// turn it into visible text. Only <see cref="Mrkdwn"/> makes them, so a token is never user text in disguise.
/// </summary>
public readonly record struct MrkdwnToken
{
    internal MrkdwnToken(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static implicit operator string(MrkdwnToken token) => token.Value;
}

/// <summary>Builds <see cref="Mrkdwn.Text"/>: literals as written, string and number holes escaped, tokens unescaped.</summary>
[InterpolatedStringHandler]
public ref struct MrkdwnInterpolatedStringHandler
{
    private StringBuilder? _builder;

    public MrkdwnInterpolatedStringHandler(int literalLength, int formattedCount) =>
        _builder = new StringBuilder(literalLength + formattedCount * 16);

    private StringBuilder Builder => _builder ??= new StringBuilder();

    public readonly void AppendLiteral(string literal) => _builder!.Append(literal);

    public void AppendFormatted(string? text) => Builder.Append(Mrkdwn.Escape(text ?? ""));

    public void AppendFormatted(MrkdwnToken token) => Builder.Append(token.Value);

    public void AppendFormatted<T>(T value, string? format = null) where T : IFormattable =>
        Builder.Append(Mrkdwn.Escape(value.ToString(format, CultureInfo.InvariantCulture)));

    public string ToStringAndClear()
    {
        var text = Builder.ToString();
        _builder = null;
        return text;
    }
}
