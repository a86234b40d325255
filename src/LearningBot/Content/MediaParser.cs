using YamlDotNet.RepresentationModel;

namespace LearningBot.Content;

/// <summary>The <c>media</c> list: what each type needs so the card can show it and search can find it.</summary>
internal static class MediaParser
{
    public const int VideoTitleLimit = 200;
    public const int AltTextLimit = 2000;

    private static readonly Dictionary<string, string[]> KeysByType = new(StringComparer.Ordinal)
    {
        ["image"] = ["type", "url", "alt", "title"],
        ["video"] = ["type", "url", "title", "thumbnail", "duration", "transcript"],
        ["audio"] = ["type", "url", "title", "duration", "transcript"],
        ["link"] = ["type", "url", "title"],
    };

    public static IReadOnlyList<AuthoredMedia> Parse(YamlMap frontMatter)
    {
        var sequence = frontMatter.Sequence("media");
        if (sequence is null)
            return [];
        var items = new List<AuthoredMedia>();
        var position = 0;
        foreach (var node in sequence.Children)
        {
            position++;
            var context = $"media entry {position}";
            if (node is not YamlMappingNode mapping)
            {
                frontMatter.Report.Error(frontMatter.Path, frontMatter.LineOf(node),
                    $"{context} must be a group of keys, such as \"type: image\" and \"url: https://...\"");
                continue;
            }
            var item = new YamlMap(mapping, frontMatter.Path, frontMatter.LineOffset, frontMatter.Report, context);
            var type = mapping.Children.TryGetValue(new YamlScalarNode("type"), out var typeNode) && typeNode is YamlScalarNode scalar
                ? scalar.Value?.Trim()
                : null;
            if (string.IsNullOrEmpty(type) || !KeysByType.TryGetValue(type, out var keys))
            {
                frontMatter.Report.Error(item.Path, item.KeyLine("type"), string.IsNullOrEmpty(type)
                    ? $"{context} needs a \"type\": image, video, audio or link"
                    : $"{context} has the type \"{type}\"; use image, video, audio or link");
                continue;
            }
            item = item.WithContext($"{context} ({type})");
            item.RejectUnknownKeys(keys);
            var url = HttpsUrl(item, "url", required: true);
            var alt = item.String("alt", required: type == "image");
            var title = item.String("title", required: type == "video");
            var thumbnail = type == "video" ? HttpsUrl(item, "thumbnail", required: true) : null;
            TimeSpan? duration = null;
            if (type is "video" or "audio" && item.String("duration", required: true) is { } durationText)
            {
                duration = MediaDuration.Parse(durationText);
                if (duration is null || duration <= TimeSpan.Zero)
                    item.Report.Error(item.Path, item.KeyLine("duration"),
                        $"the duration \"{durationText}\" of {context} is not one the bot can read; write it like 2m10s, 45s or 2:10");
            }
            var transcript = item.String("transcript");
            if (type is "video" or "audio" && transcript is null)
                item.Report.Warning(item.Path, item.Line,
                    $"{context} ({type}) has no transcript; add one so sellers can find the lesson by what was said in it");
            if (alt is { Length: > AltTextLimit })
                item.Report.Error(item.Path, item.KeyLine("alt"), $"the alt text of {context} is {alt.Length} characters; Slack allows {AltTextLimit}");
            if (type == "video" && title is { Length: > VideoTitleLimit })
                item.Report.Error(item.Path, item.KeyLine("title"),
                    $"the video title of {context} is {title.Length} characters; Slack shows at most {VideoTitleLimit}, so shorten it");
            items.Add(new AuthoredMedia(type, url ?? "", alt, title, thumbnail, duration, transcript));
        }
        return items;
    }

    private static string? HttpsUrl(YamlMap item, string key, bool required)
    {
        var text = item.String(key, required);
        if (text is null)
            return null;
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && !string.IsNullOrEmpty(uri.Host))
            return text;
        item.Report.Error(item.Path, item.KeyLine(key),
            $"\"{key}\" must be a full web address starting with https://, such as https://example.com/diagram.png; found \"{text}\"");
        return null;
    }
}
