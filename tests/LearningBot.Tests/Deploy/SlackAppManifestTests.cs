using YamlDotNet.RepresentationModel;

namespace LearningBot.Tests.Deploy;

/// <summary>The app manifests in deploy/ ask for what the bot's endpoints, events and Web API calls need (Slack app manifest schema v1).</summary>
public sealed class SlackAppManifestTests
{
    private const string HttpManifest = "slack-app-manifest.yaml";
    private const string SocketModeManifest = "slack-app-manifest.socket-mode.yaml";

    /// <summary>Each bot event and the scope Slack requires before it delivers it.</summary>
    private static readonly Dictionary<string, string?> RequiredEvents = new()
    {
        ["app_mention"] = "app_mentions:read",
        ["message.channels"] = "channels:history",
        ["message.groups"] = "groups:history",
        ["message.im"] = "im:history",
        ["app_home_opened"] = null,
    };

    /// <summary>Scopes for the Web API methods the bot calls (SLACK.md section 10).</summary>
    private static readonly string[] RequiredScopes =
    [
        "chat:write", "chat:write.public", "commands", "app_mentions:read", "channels:read", "channels:join",
        "channels:history", "groups:history", "groups:read", "im:history", "im:write", "users:read", "users:read.email",
    ];

    public static TheoryData<string> Manifests() => [HttpManifest, SocketModeManifest];

    [Theory]
    [MemberData(nameof(Manifests))]
    public void The_manifest_is_schema_version_1_with_display_information_in_its_limits(string file)
    {
        var manifest = Load(file);

        Assert.Equal("1", Scalar(manifest, "_metadata", "major_version"));
        Assert.InRange(Scalar(manifest, "display_information", "name")!.Length, 1, 35);
        Assert.InRange(Scalar(manifest, "display_information", "description")!.Length, 1, 140);
        Assert.InRange(Scalar(manifest, "display_information", "long_description")!.Length, 175, 4000);
        Assert.InRange(Scalar(manifest, "features", "bot_user", "display_name")!.Length, 1, 80);
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void The_manifest_declares_the_learn_command_with_a_usage_hint(string file)
    {
        var command = LearnCommand(Load(file));

        Assert.Matches("^/[a-z0-9_-]{1,31}$", Scalar(command, "command"));
        Assert.InRange(Scalar(command, "usage_hint")!.Length, 1, 1000);
        Assert.InRange(Scalar(command, "description")!.Length, 1, 2000);
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void The_manifest_subscribes_to_the_bot_events_and_holds_the_scope_each_needs(string file)
    {
        var manifest = Load(file);
        var events = Sequence(manifest, "settings", "event_subscriptions", "bot_events");
        var scopes = Sequence(manifest, "oauth_config", "scopes", "bot");

        Assert.Empty(RequiredEvents.Keys.Except(events));
        Assert.Empty(RequiredEvents.Values.OfType<string>().Except(scopes));
        Assert.Empty(RequiredScopes.Except(scopes));
        Assert.Equal(scopes.Count, scopes.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Manifests))]
    public void The_manifest_enables_interactivity_and_the_home_and_messages_tabs(string file)
    {
        var manifest = Load(file);

        Assert.Equal("true", Scalar(manifest, "settings", "interactivity", "is_enabled"));
        Assert.Equal("true", Scalar(manifest, "features", "app_home", "home_tab_enabled"));
        Assert.Equal("true", Scalar(manifest, "features", "app_home", "messages_tab_enabled"));
        Assert.Equal("false", Scalar(manifest, "features", "app_home", "messages_tab_read_only_enabled"));
    }

    [Fact]
    public void The_http_manifest_points_commands_events_and_interactions_at_the_bots_endpoints()
    {
        var manifest = Load(HttpManifest);

        Assert.Equal("false", Scalar(manifest, "settings", "socket_mode_enabled"));
        AssertEndpoint("/slack/commands", Scalar(LearnCommand(manifest), "url"));
        AssertEndpoint("/slack/events", Scalar(manifest, "settings", "event_subscriptions", "request_url"));
        AssertEndpoint("/slack/interactions", Scalar(manifest, "settings", "interactivity", "request_url"));
    }

    [Fact]
    public void The_socket_mode_manifest_enables_socket_mode_and_has_no_request_urls()
    {
        var manifest = Load(SocketModeManifest);

        Assert.Equal("true", Scalar(manifest, "settings", "socket_mode_enabled"));
        Assert.Null(Scalar(LearnCommand(manifest), "url"));
        Assert.Null(Scalar(manifest, "settings", "event_subscriptions", "request_url"));
        Assert.Null(Scalar(manifest, "settings", "interactivity", "request_url"));
    }

    [Fact]
    public void The_two_manifests_differ_only_in_request_urls_and_socket_mode()
    {
        var http = Flatten(Load(HttpManifest)).Where(p => !p.Key.EndsWith(".url", StringComparison.Ordinal) && !p.Key.EndsWith(".request_url", StringComparison.Ordinal));
        var socket = Flatten(Load(SocketModeManifest));

        Assert.Equal(
            http.Where(p => p.Key != "settings.socket_mode_enabled").OrderBy(p => p.Key),
            socket.Where(p => p.Key != "settings.socket_mode_enabled").OrderBy(p => p.Key));
    }

    private static void AssertEndpoint(string path, string? url)
    {
        Assert.NotNull(url);
        var uri = new Uri(url);
        Assert.Equal(Uri.UriSchemeHttps, uri.Scheme);
        Assert.Equal("your-host", uri.Host);
        Assert.Equal(path, uri.AbsolutePath);
    }

    private static YamlMappingNode LearnCommand(YamlMappingNode manifest)
    {
        var commands = (YamlSequenceNode)Node(manifest, "features", "slash_commands")!;
        return commands.Children.Cast<YamlMappingNode>().Single(c => Scalar(c, "command") == "/learn");
    }

    private static YamlMappingNode Load(string file)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LearningBot.sln")))
            directory = directory.Parent;
        Assert.True(directory is not null, "LearningBot.sln not found above the test's output folder.");

        using var reader = new StreamReader(Path.Combine(directory.FullName, "deploy", file));
        var yaml = new YamlStream();
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }

    private static YamlNode? Node(YamlMappingNode mapping, params string[] path)
    {
        YamlNode? node = mapping;
        foreach (var key in path)
            node = node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;
        return node;
    }

    private static string? Scalar(YamlMappingNode mapping, params string[] path) => (Node(mapping, path) as YamlScalarNode)?.Value;

    private static List<string> Sequence(YamlMappingNode mapping, params string[] path) =>
        [.. ((YamlSequenceNode)Node(mapping, path)!).Children.Cast<YamlScalarNode>().Select(s => s.Value!)];

    private static IEnumerable<KeyValuePair<string, string>> Flatten(YamlNode node, string prefix = "")
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                foreach (var (key, value) in mapping.Children)
                    foreach (var pair in Flatten(value, prefix.Length == 0 ? ((YamlScalarNode)key).Value! : $"{prefix}.{((YamlScalarNode)key).Value}"))
                        yield return pair;
                break;
            case YamlSequenceNode sequence:
                for (var i = 0; i < sequence.Children.Count; i++)
                    foreach (var pair in Flatten(sequence.Children[i], $"{prefix}[{i}]"))
                        yield return pair;
                break;
            case YamlScalarNode scalar:
                yield return KeyValuePair.Create(prefix, scalar.Value ?? "");
                break;
        }
    }
}
