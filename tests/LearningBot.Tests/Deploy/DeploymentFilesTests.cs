using YamlDotNet.RepresentationModel;

namespace LearningBot.Tests.Deploy;

/// <summary>docker-compose cannot run on the build machines, so its shape is checked by reading it.</summary>
public sealed class DeploymentFilesTests
{
    private static string RepositoryFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LearningBot.sln")))
            directory = directory.Parent;
        Assert.NotNull(directory);
        return Path.Combine([directory.FullName, .. parts]);
    }

    private static YamlMappingNode LoadYaml(string path)
    {
        var yaml = new YamlStream();
        using var reader = File.OpenText(path);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    [Fact]
    public void Compose_runs_postgres_15_with_a_volume_and_health_check_and_bots_that_wait_for_it()
    {
        var services = Map(LoadYaml(RepositoryFile("docker-compose.yml")), "services");

        var postgres = Map(services, "postgres");
        Assert.StartsWith("postgres:15", Scalar(postgres, "image"), StringComparison.Ordinal);
        Assert.Contains("/var/lib/postgresql/data", postgres.Children[new YamlScalarNode("volumes")].ToString(), StringComparison.Ordinal);
        Assert.Contains("pg_isready", Map(postgres, "healthcheck").Children[new YamlScalarNode("test")].ToString(), StringComparison.Ordinal);

        var bots = services.Children.Where(s => ((YamlScalarNode)s.Key).Value!.StartsWith("bot", StringComparison.Ordinal))
            .Select(s => (YamlMappingNode)s.Value).ToList();
        Assert.True(bots.Count >= 2, "two bot instances share the database");
        Assert.Equal("deploy/Dockerfile", Scalar(Map(bots[0], "build"), "dockerfile"));
        foreach (var bot in bots)
        {
            var environment = Map(bot, "environment");
            Assert.StartsWith("Host=postgres;", Scalar(environment, "ConnectionStrings__LearningBot"), StringComparison.Ordinal);
            foreach (var setting in new[] { "Slack__BotToken", "Slack__SigningSecret", "Slack__AppToken" })
                Assert.True(environment.Children.ContainsKey(new YamlScalarNode(setting)), setting);
            // Without Slack variables the bots are sandboxes: no sign-in, so not on all interfaces unless asked.
            Assert.Equal("${SANDBOX_ALLOW_REMOTE:-false}", Scalar(environment, "Sandbox__AllowRemote"));
            Assert.Equal("service_healthy", Scalar(Map(Map(bot, "depends_on"), "postgres"), "condition"));
            Assert.True(bot.Children.ContainsKey(new YamlScalarNode("healthcheck")));
        }
    }

    [Fact]
    public void Dockerfile_is_multi_stage_and_runs_as_a_non_root_user()
    {
        var lines = File.ReadAllLines(RepositoryFile("deploy", "Dockerfile"));

        Assert.True(lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)) >= 2);
        var user = Assert.Single(lines, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotContain("root", user, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.Contains("learningbot.dll", StringComparison.Ordinal));
    }

    [Fact]
    public void The_docs_publish_the_bot_and_run_the_assembly_by_its_real_name()
    {
        var assembly = typeof(BotApplication).Assembly.GetName().Name + ".dll";
        var guide = File.ReadAllText(RepositoryFile("docs", "install-slack.md"));
        var documents = Directory.GetFiles(RepositoryFile("docs"), "*.md").Append(RepositoryFile("README.md"));

        Assert.Contains("dotnet publish src/LearningBot", guide, StringComparison.Ordinal);
        Assert.Contains($"dotnet out/{assembly} serve", guide, StringComparison.Ordinal);
        foreach (var document in documents)
        {
            foreach (System.Text.RegularExpressions.Match run in System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(document), @"dotnet (\S*/)?([\w.]+\.dll)"))
            {
                // File names are case-sensitive on Linux: LearningBot.dll does not exist.
                if (run.Groups[2].Value.Equals(assembly, StringComparison.OrdinalIgnoreCase))
                    Assert.True(run.Groups[2].Value == assembly, $"{Path.GetFileName(document)} runs {run.Value}; the assembly is {assembly}");
            }
        }
    }

    [Fact]
    public void Kubernetes_base_probes_the_real_health_paths_runs_real_verbs_and_keeps_credentials_in_secret_references()
    {
        var deployment = LoadYaml(RepositoryFile("deploy", "kubernetes", "base", "deployment.yaml"));
        var pod = Map(Map(Map(deployment, "spec"), "template"), "spec");
        var container = (YamlMappingNode)((YamlSequenceNode)pod.Children[new YamlScalarNode("containers")]).Children[0];

        Assert.Equal("/healthz", Scalar(Map(Map(container, "livenessProbe"), "httpGet"), "path"));
        Assert.Equal("/readyz", Scalar(Map(Map(container, "readinessProbe"), "httpGet"), "path"));
        Assert.Equal("/healthz", Scalar(Map(Map(container, "startupProbe"), "httpGet"), "path"));
        Assert.Equal("serve", ((YamlScalarNode)((YamlSequenceNode)container.Children[new YamlScalarNode("args")]).Children[0]).Value);
        var job = LoadYaml(RepositoryFile("deploy", "kubernetes", "base", "migrate-job.yaml"));
        Assert.Contains("migrate", Map(Map(Map(job, "spec"), "template"), "spec").ToString(), StringComparison.Ordinal);

        // The image's app user (APP_UID of the .NET images), never root, and no token of the Kubernetes API.
        Assert.Equal("1654", Scalar(Map(pod, "securityContext"), "runAsUser"));
        Assert.Equal("true", Scalar(Map(container, "securityContext"), "readOnlyRootFilesystem"));
        Assert.Equal("false", Scalar(pod, "automountServiceAccountToken"));

        var environment = ((YamlSequenceNode)container.Children[new YamlScalarNode("env")]).Children.Cast<YamlMappingNode>().ToList();
        foreach (var setting in new[] { "ConnectionStrings__LearningBot", "Slack__BotToken", "Slack__SigningSecret", "Slack__AppToken", "Webhooks__SigningSecret" })
        {
            var variable = Assert.Single(environment, e => Scalar(e, "name") == setting);
            Assert.False(variable.Children.ContainsKey(new YamlScalarNode("value")), $"{setting} must come from a Secret");
            Assert.True(Map(variable, "valueFrom").Children.ContainsKey(new YamlScalarNode("secretKeyRef")), setting);
        }
        var everyManifest = Directory.GetFiles(RepositoryFile("deploy", "kubernetes"), "*.yaml", SearchOption.AllDirectories);
        Assert.DoesNotContain(everyManifest, f => File.ReadAllText(f).Contains("kind: Secret", StringComparison.Ordinal));
    }
}
