using System.Text;
using Mrkdwn = LearningBot.Slack.BlockKit.Mrkdwn;
using Markdig;
using Markdig.Extensions.Tables;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace LearningBot.Content;

/// <summary>
/// Turns a lesson body into Slack mrkdwn by walking Markdig's syntax tree: what Slack can show keeps its
/// meaning (bold, italics, strike, links, lists, code, quotes; headings become bold lines) and everything
/// else (tables, HTML, pictures inside the text) degrades to plain text. Text is escaped once, here.
/// </summary>
internal static class MarkdownToMrkdwn
{
    public static string Convert(string markdown)
    {
        var document = Markdown.Parse(markdown, LessonBody.Pipeline);
        var output = new StringBuilder();
        WriteBlocks(document, output, "");
        return output.ToString().TrimEnd('\n');
    }

    private static void WriteBlocks(ContainerBlock container, StringBuilder output, string indent, bool tight = false)
    {
        var first = true;
        foreach (var block in container)
        {
            if (!first && !tight)
                output.Append('\n');
            first = false;
            WriteBlock(block, output, indent);
        }
    }

    private static void WriteBlock(Block block, StringBuilder output, string indent)
    {
        switch (block)
        {
            case HeadingBlock heading:
                var title = Inlines(heading.Inline, bold: true);
                output.Append(indent).Append(title.Length == 0 ? "" : $"*{title}*").Append('\n');
                break;
            case ParagraphBlock paragraph:
                AppendLines(output, indent, Inlines(paragraph.Inline));
                break;
            case FencedCodeBlock or CodeBlock:
                var code = ((LeafBlock)block).Lines.ToString().ReplaceLineEndings("\n").TrimEnd('\n');
                AppendLines(output, indent, "```\n" + Mrkdwn.Escape(code) + "\n```");
                break;
            case QuoteBlock quote:
                var quoted = new StringBuilder();
                WriteBlocks(quote, quoted, "");
                AppendLines(output, indent, string.Join('\n', quoted.ToString().TrimEnd('\n').Split('\n').Select(l => "> " + l)));
                break;
            case ListBlock list:
                WriteList(list, output, indent);
                break;
            case ThematicBreakBlock:
                output.Append(indent).Append("———\n");
                break;
            case Table table:
                foreach (var row in table.OfType<TableRow>())
                {
                    var cells = row.OfType<TableCell>().Select(cell =>
                        string.Join(" ", cell.OfType<ParagraphBlock>().Select(p => Inlines(p.Inline, plain: true))));
                    output.Append(indent).Append(string.Join(" | ", cells)).Append('\n');
                }
                break;
            case HtmlBlock html:
                var text = StripTags(html.Lines.ToString());
                if (text.Length > 0)
                    AppendLines(output, indent, Mrkdwn.Escape(text));
                break;
            case ContainerBlock container:
                WriteBlocks(container, output, indent);
                break;
            case LeafBlock leaf when leaf.Inline is not null:
                AppendLines(output, indent, Inlines(leaf.Inline));
                break;
        }
    }

    private static void WriteList(ListBlock list, StringBuilder output, string indent)
    {
        var number = list.IsOrdered && int.TryParse(list.OrderedStart, out var start) ? start : 1;
        foreach (var item in list.OfType<ListItemBlock>())
        {
            var marker = list.IsOrdered ? $"{number++}. " : "• ";
            var content = new StringBuilder();
            WriteBlocks(item, content, "", tight: !list.IsLoose);
            var lines = content.ToString().TrimEnd('\n').Split('\n');
            var continuation = new string(' ', marker.Length);
            for (var i = 0; i < lines.Length; i++)
                output.Append(indent).Append(i == 0 ? marker : lines[i].Length == 0 ? "" : continuation).Append(lines[i]).Append('\n');
        }
    }

    private static string Inlines(ContainerInline? container, bool bold = false, bool plain = false)
    {
        var output = new StringBuilder();
        if (container is not null)
            WriteInlines(container, output, bold, plain);
        return output.ToString().Trim();
    }

    private static void WriteInlines(ContainerInline container, StringBuilder output, bool insideBold, bool plain)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    output.Append(Mrkdwn.Escape(literal.Content.ToString()));
                    break;
                case CodeInline code:
                    output.Append(plain ? Mrkdwn.Escape(code.Content) : $"`{Mrkdwn.Escape(code.Content)}`");
                    break;
                case LineBreakInline lineBreak:
                    output.Append(lineBreak.IsHard && !plain ? "\n" : " ");
                    break;
                case HtmlEntityInline entity:
                    output.Append(Mrkdwn.Escape(entity.Transcoded.ToString()));
                    break;
                case HtmlInline:
                    break;
                case AutolinkInline autolink:
                    var target = autolink.IsEmail ? "mailto:" + autolink.Url : autolink.Url;
                    output.Append(plain ? Mrkdwn.Escape(autolink.Url) : $"<{Mrkdwn.Escape(target)}|{Mrkdwn.Escape(autolink.Url)}>");
                    break;
                case LinkInline { IsImage: true } image:
                    output.Append(Inlines(image, plain: true));
                    break;
                case LinkInline link:
                    var label = Inlines(link, plain: true);
                    if (plain || !IsWebAddress(link.Url))
                        output.Append(label);
                    else
                        output.Append('<').Append(Mrkdwn.Escape(link.Url!)).Append('|').Append(label.Length == 0 ? Mrkdwn.Escape(link.Url!) : label.Replace('|', '¦')).Append('>');
                    break;
                case EmphasisInline emphasis:
                    var marker = emphasis.DelimiterChar switch
                    {
                        '~' => "~",
                        _ when emphasis.DelimiterCount >= 2 => insideBold ? "" : "*",
                        _ => "_",
                    };
                    var inner = new StringBuilder();
                    WriteInlines(emphasis, inner, insideBold || marker == "*", plain);
                    output.Append(plain ? "" : marker).Append(inner).Append(plain ? "" : marker);
                    break;
                case ContainerInline nested:
                    WriteInlines(nested, output, insideBold, plain);
                    break;
            }
        }
    }

    private static bool IsWebAddress(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http" or "mailto";

    private static void AppendLines(StringBuilder output, string indent, string text)
    {
        foreach (var line in text.Split('\n'))
            output.Append(line.Length == 0 ? "" : indent).Append(line).Append('\n');
    }

    private static string StripTags(string html) =>
        System.Net.WebUtility.HtmlDecode(string.Join('\n', System.Text.RegularExpressions.Regex.Replace(html, "<[^>]*>", "")
            .Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)));
}
