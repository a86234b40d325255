using LearningBot.Infrastructure.Hosting;

namespace LearningBot.Infrastructure.Database;

/// <summary>The machine's own PostgreSQL server programs (initdb, pg_ctl), wherever the distribution put them.</summary>
internal sealed record PostgresBinaries(string Directory)
{
    public string InitDb => Path.Combine(Directory, "initdb");

    public string PgCtl => Path.Combine(Directory, "pg_ctl");

    public static async Task<PostgresBinaries> FindAsync(CancellationToken cancellationToken)
    {
        foreach (var candidate in await CandidatesAsync(cancellationToken))
        {
            if (File.Exists(Path.Combine(candidate, "initdb")) && File.Exists(Path.Combine(candidate, "pg_ctl"))
                && File.Exists(Path.Combine(candidate, "postgres")))
                return new PostgresBinaries(candidate);
        }
        throw new StartupException(
            "no PostgreSQL server programs (initdb, pg_ctl) were found on PATH, through pg_config or under /usr/lib/postgresql. "
            + "Install PostgreSQL (for example 'apt-get install postgresql') or set ConnectionStrings__LearningBot to an existing database.");
    }

    private static async Task<List<string>> CandidatesAsync(CancellationToken cancellationToken)
    {
        var candidates = new List<string>();
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        candidates.AddRange(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));

        var pgConfig = await ExternalProcess.RunAsync("pg_config", ["--bindir"], null, cancellationToken);
        if (pgConfig.Succeeded && pgConfig.Output.Length > 0)
            candidates.Add(pgConfig.Output.Trim());

        const string debianRoot = "/usr/lib/postgresql";
        if (System.IO.Directory.Exists(debianRoot))
        {
            candidates.AddRange(System.IO.Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: d, Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Dir, "bin")));
        }
        return candidates;
    }
}
