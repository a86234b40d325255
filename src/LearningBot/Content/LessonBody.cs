using System.Text.RegularExpressions;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace LearningBot.Content;

internal sealed record BodyNotice(int Line, string Message);

/// <summary>The Markdown body of a lesson: how long it takes to read, and what of it Slack cannot show.</summary>
internal static partial class LessonBody
{
    public static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .UseEmphasisExtras(Markdig.Extensions.EmphasisExtras.EmphasisExtraOptions.Strikethrough)
        .UsePipeTables()
        .UseAutoLinks()
        .Build();

    public static int CountWords(string markdown)
    {
        var plain = Markdown.ToPlainText(markdown, Pipeline);
        return Word().Count(plain);
    }

    /// <summary>Parts of the body that arrive in Slack as plain text; lines are 0-based within the body.</summary>
    public static IReadOnlyList<BodyNotice> Check(string markdown)
    {
        var notices = new List<BodyNotice>();
        var document = Markdown.Parse(markdown, Pipeline);
        foreach (var node in document.Descendants())
        {
            switch (node)
            {
                case Table table:
                    notices.Add(new(table.Line, "Slack cannot show tables, so this one arrives as plain lines of text; use a short list instead"));
                    break;
                case HtmlBlock html:
                    notices.Add(new(html.Line, "Slack cannot show HTML, so this arrives as plain text; use Markdown (**bold**, lists, links) instead"));
                    break;
                case HtmlInline html:
                    notices.Add(new(html.Line, "Slack cannot show HTML tags such as " + html.Tag + ", so they are dropped; use Markdown instead"));
                    break;
                case LinkInline { IsImage: true } image:
                    notices.Add(new(image.Line, "images inside the text are not shown in Slack; move the picture to \"media\" as an image with alt text"));
                    break;
            }
        }
        return notices;
    }

    [GeneratedRegex(@"\S*[\p{L}\p{N}]\S*")]
    private static partial Regex Word();
}
