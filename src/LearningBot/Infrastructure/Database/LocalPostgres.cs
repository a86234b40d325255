using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using LearningBot.Infrastructure.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace LearningBot.Infrastructure.Database;

/// <summary>
/// A private PostgreSQL cluster built from the machine's own binaries: the development default when no
/// connection string is set, and the test suite's throwaway server. It listens on 127.0.0.1 only, on a free
/// port. The durable cluster (the development default) takes SCRAM passwords only, generated on first use and kept in
/// its data folder, and the bot connects as a role that owns its database and nothing else (no superuser, so no
/// <c>COPY … TO PROGRAM</c>); the throwaway cluster of the tests trusts local connections. PostgreSQL refuses to run as
/// root, so as root it runs as 'postgres'.
/// </summary>
internal sealed class LocalPostgres : IAsyncDisposable
{
    public const string SuperUser = "learningbot";
    public const string AppUser = "learningbot_app";
    private const string ServiceUser = "postgres";

    private readonly PostgresBinaries _binaries;
    private readonly string? _runAs;
    private readonly bool _ownsServer;
    private readonly bool _deleteOnDispose;
    private readonly ILogger _logger;
    private LocalCredentials? _credentials;

    private LocalPostgres(PostgresBinaries binaries, string dataDirectory, int port, string? runAs,
        bool ownsServer, bool deleteOnDispose, ILogger logger)
    {
        _binaries = binaries;
        DataDirectory = dataDirectory;
        Port = port;
        _runAs = runAs;
        _ownsServer = ownsServer;
        _deleteOnDispose = deleteOnDispose;
        _logger = logger;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>As the superuser: to create databases (the tests' throwaway cluster hands this out).</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = _credentials?.SuperUserPassword,
        Database = database,
    }.ConnectionString;

    /// <summary>As the bot's own role where there is one (the durable cluster), else as the superuser.</summary>
    public string AppConnectionString(string database) => _credentials is null
        ? ConnectionString(database)
        : new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = Port,
            Username = AppUser,
            Password = _credentials.AppPassword,
            Database = database,
        }.ConnectionString;

    /// <summary>Starts (creating on first use) a cluster whose data survives restarts.</summary>
    public static Task<LocalPostgres> StartAsync(string dataDirectory, ILogger logger, CancellationToken cancellationToken) =>
        StartAsync(dataDirectory, durable: true, deleteOnDispose: false, logger, cancellationToken);

    /// <summary>Starts a fresh cluster in a temporary folder, tuned for speed over durability, deleted on dispose.</summary>
    public static Task<LocalPostgres> StartThrowawayAsync(ILogger logger, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Path.GetTempPath(), "learningbot-pg-" + Guid.NewGuid().ToString("N")[..12]);
        return StartAsync(Path.Combine(folder, "data"), durable: false, deleteOnDispose: true, logger, cancellationToken);
    }

    private static async Task<LocalPostgres> StartAsync(
        string requestedDirectory, bool durable, bool deleteOnDispose, ILogger logger, CancellationToken cancellationToken)
    {
        var binaries = await PostgresBinaries.FindAsync(cancellationToken);
        var runAs = Environment.IsPrivilegedProcess ? ServiceUser : null;
        var dataDirectory = await PrepareDataDirectoryAsync(Path.GetFullPath(requestedDirectory), runAs, logger, cancellationToken);

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
            await InitializeAsync(binaries, dataDirectory, durable, runAs, cancellationToken);

        var credentialsPath = Path.Combine(dataDirectory, LocalCredentials.FileName);
        var stored = durable ? LocalCredentials.Read(credentialsPath) : null;
        LocalPostgres cluster;
        var running = RunningPort(dataDirectory);
        if (running is int existingPort && await AcceptsConnectionsAsync(existingPort, stored?.SuperUserPassword, cancellationToken))
        {
            logger.LogInformation("Reusing the PostgreSQL cluster already running from {DataDirectory} on port {Port}", dataDirectory, existingPort);
            cluster = new LocalPostgres(binaries, dataDirectory, existingPort, runAs, ownsServer: false, deleteOnDispose: false, logger);
        }
        else
        {
            var port = await StartServerAsync(binaries, dataDirectory, runAs, cancellationToken);
            cluster = new LocalPostgres(binaries, dataDirectory, port, runAs, ownsServer: true, deleteOnDispose, logger);
            logger.LogInformation("Started PostgreSQL from {DataDirectory} on 127.0.0.1:{Port}", dataDirectory, port);
        }
        if (durable)
        {
            try
            {
                await cluster.RequirePasswordsAsync(credentialsPath, stored, cancellationToken);
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }
        }
        return cluster;
    }

    /// <summary>
    /// Gives the superuser and the bot's role their passwords and then switches authentication to SCRAM. A cluster made by
    /// an older build (trust for everyone) is upgraded the same way on its next start; the file is written before anything
    /// uses its passwords, so a crash half-way only repeats these steps.
    /// </summary>
    private async Task RequirePasswordsAsync(string credentialsPath, LocalCredentials? stored, CancellationToken cancellationToken)
    {
        var hbaPath = Path.Combine(DataDirectory, "pg_hba.conf");
        var secured = File.Exists(hbaPath) && await File.ReadAllTextAsync(hbaPath, cancellationToken) == PasswordOnlyHba;
        if (stored is null)
        {
            if (secured)
                throw new StartupException(
                    $"the local PostgreSQL cluster at {DataDirectory} requires passwords but {LocalCredentials.FileName} is missing. "
                    + "Restore the file, or delete the data folder to start afresh.");
            stored = LocalCredentials.Generate();
            stored.Write(credentialsPath);
        }
        _credentials = stored;

        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        // Utility statements take no parameters; the passwords are generated hex (checked when read), so inlining is safe.
        await using var roles = new NpgsqlCommand($"""
            SET password_encryption = 'scram-sha-256';
            ALTER ROLE {SuperUser} PASSWORD '{stored.SuperUserPassword}';
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{AppUser}') THEN CREATE ROLE {AppUser}; END IF;
            END $$;
            ALTER ROLE {AppUser} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '{stored.AppPassword}';
            """, connection);
        await roles.ExecuteNonQueryAsync(cancellationToken);
        if (!secured)
        {
            await File.WriteAllTextAsync(hbaPath, PasswordOnlyHba, cancellationToken);
            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", connection);
            await reload.ExecuteNonQueryAsync(cancellationToken);
            _logger.LogInformation("The local PostgreSQL cluster at {DataDirectory} now requires passwords (SCRAM)", DataDirectory);
        }
    }

    private const string PasswordOnlyHba = """
        # LearningBot local cluster: loopback only, SCRAM passwords only (learningbot-credentials.json, owner-only).
        host all all 127.0.0.1/32 scram-sha-256

        """;

    /// <summary>
    /// Makes the bot's role the owner of the database and of everything in it the superuser created (a database from before
    /// there was such a role). Extension members stay where they are.
    /// </summary>
    private async Task HandOverAsync(string database, CancellationToken cancellationToken)
    {
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false"))
        {
            await connection.OpenAsync(cancellationToken);
            await using var owner = new NpgsqlCommand($"ALTER DATABASE {Quote(database)} OWNER TO {AppUser}", connection);
            await owner.ExecuteNonQueryAsync(cancellationToken);
        }
        await using var inside = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await inside.OpenAsync(cancellationToken);
        await using var objects = new NpgsqlCommand(HandOverSql, inside);
        await objects.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string HandOverSql = $$"""
        DO $$
        DECLARE statement text;
        BEGIN
            FOR statement IN
                SELECT format('ALTER SCHEMA %I OWNER TO {{AppUser}}', n.nspname)
                FROM pg_namespace n
                WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
                  AND n.nspowner <> '{{AppUser}}'::regrole AND n.nspowner <> 'pg_database_owner'::regrole
                UNION ALL
                SELECT format('ALTER %s %I.%I OWNER TO {{AppUser}}',
                              CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'TABLE' END,
                              n.nspname, c.relname)
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema'
                  AND c.relkind IN ('r', 'p', 'v', 'm', 'S') AND c.relowner <> '{{AppUser}}'::regrole
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
                UNION ALL
                SELECT format('ALTER ROUTINE %s OWNER TO {{AppUser}}', p.oid::regprocedure)
                FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                WHERE n.nspname NOT LIKE 'pg\_%' AND n.nspname <> 'information_schema' AND p.proowner <> '{{AppUser}}'::regrole
                  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
            LOOP
                EXECUTE statement;
            END LOOP;
        END $$
        """;

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", database);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Quote(database)}", connection);
            try
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // another process created it first
            }
        }
        if (_credentials is not null)
            await HandOverAsync(database, cancellationToken);
    }

    /// <summary>Stops the server and keeps its data, so tests can take the database away under a running bot.</summary>
    internal async Task StopServerAsync()
    {
        var stop = await ExternalProcess.RunAsync(_binaries.PgCtl, ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], _runAs, CancellationToken.None);
        if (!stop.Succeeded)
            throw new InvalidOperationException($"pg_ctl stop failed: {stop.Output}");
    }

    /// <summary>Starts a server stopped by <see cref="StopServerAsync"/> again on the same port.</summary>
    internal async Task StartServerAgainAsync()
    {
        var start = await ExternalProcess.RunAsync(_binaries.PgCtl,
            ["-D", DataDirectory, "-l", Path.Combine(DataDirectory, "server.log"), "-w", "-t", "60", "-o", $"-p {Port}", "start"], _runAs, CancellationToken.None);
        if (!start.Succeeded)
            throw new InvalidOperationException($"pg_ctl start failed: {start.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsServer)
        {
            var stop = await ExternalProcess.RunAsync(_binaries.PgCtl,
                ["-D", DataDirectory, "-m", "fast", "-w", "-t", "60", "stop"], _runAs, CancellationToken.None);
            if (stop.Succeeded)
                _logger.LogInformation("Stopped PostgreSQL at {DataDirectory}", DataDirectory);
            else
                _logger.LogWarning("Stopping PostgreSQL at {DataDirectory} failed: {Output}", DataDirectory, stop.Output);
        }
        if (_deleteOnDispose)
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(DataDirectory)!, recursive: true);
            }
            catch (IOException e)
            {
                _logger.LogWarning("Could not delete {DataDirectory}: {Message}", DataDirectory, e.Message);
            }
        }
    }

    private static async Task<string> PrepareDataDirectoryAsync(
        string requested, string? runAs, ILogger logger, CancellationToken cancellationToken)
    {
        if (await TryPrepareAsync(requested, runAs, cancellationToken))
            return requested;

        // The service user cannot reach the requested folder (a checkout under a private home, say).
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(requested)))[..12].ToLowerInvariant();
        var fallback = Path.Combine(Path.GetTempPath(), "learningbot-" + key, "postgres");
        if (await TryPrepareAsync(fallback, runAs, cancellationToken))
        {
            logger.LogWarning("User '{User}' cannot use {Requested}; the local PostgreSQL cluster lives in {Fallback} instead",
                runAs, requested, fallback);
            return fallback;
        }
        throw new StartupException(
            $"cannot prepare a data folder for the local PostgreSQL cluster at {requested} or {fallback}. "
            + "Set ConnectionStrings__LearningBot to an existing database instead.");
    }

    private static async Task<bool> TryPrepareAsync(string directory, string? runAs, CancellationToken cancellationToken)
    {
        try
        {
            Directory.CreateDirectory(directory);
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        if (runAs is null)
            return true;

        var chown = await ExternalProcess.RunAsync("chown", ["-R", $"{runAs}:", directory], null, cancellationToken);
        if (!chown.Succeeded)
            throw new StartupException(
                $"PostgreSQL cannot run as root and the '{runAs}' user is not usable here ({chown.Output}). "
                + "Run as an ordinary user, install PostgreSQL (which creates that user) or set ConnectionStrings__LearningBot.");
        var access = await ExternalProcess.RunAsync("test", ["-r", directory, "-a", "-w", directory, "-a", "-x", directory], runAs, cancellationToken);
        return access.Succeeded;
    }

    private static async Task InitializeAsync(
        PostgresBinaries binaries, string dataDirectory, bool durable, string? runAs, CancellationToken cancellationToken)
    {
        var init = await ExternalProcess.RunAsync(binaries.InitDb,
            ["-D", dataDirectory, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-instructions",
             .. durable ? Array.Empty<string>() : ["--no-sync"]],
            runAs, cancellationToken);
        if (!init.Succeeded)
        {
            EmptyDirectory(dataDirectory); // never leave a half-built cluster for the next start to trip over
            throw new StartupException($"initdb failed for {dataDirectory}: {LastLine(init.Output)}");
        }

        var settings = new StringBuilder()
            .AppendLine()
            .AppendLine("# LearningBot local cluster")
            .AppendLine("listen_addresses = '127.0.0.1'")
            .AppendLine("unix_socket_directories = ''")
            .AppendLine("max_connections = 300");
        if (!durable)
            settings.AppendLine("fsync = off").AppendLine("synchronous_commit = off").AppendLine("full_page_writes = off");
        await File.AppendAllTextAsync(Path.Combine(dataDirectory, "postgresql.conf"), settings.ToString(), cancellationToken);
    }

    private static async Task<int> StartServerAsync(
        PostgresBinaries binaries, string dataDirectory, string? runAs, CancellationToken cancellationToken)
    {
        var log = Path.Combine(dataDirectory, "server.log");
        ExternalProcess.Result? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var port = FreeLoopbackPort();
            last = await ExternalProcess.RunAsync(binaries.PgCtl,
                ["-D", dataDirectory, "-l", log, "-w", "-t", "60", "-o", $"-p {port}", "start"], runAs, cancellationToken);
            if (last.Succeeded)
                return port;
        }
        var detail = File.Exists(log) ? LastLine(await File.ReadAllTextAsync(log, cancellationToken)) : last!.Output;
        throw new StartupException($"the local PostgreSQL cluster at {dataDirectory} did not start: {detail}");
    }

    /// <summary>The port of a postmaster already serving this data folder (line 4 of postmaster.pid), if any.</summary>
    private static int? RunningPort(string dataDirectory)
    {
        var pidFile = Path.Combine(dataDirectory, "postmaster.pid");
        try
        {
            var lines = File.ReadAllLines(pidFile);
            return lines.Length > 3 && int.TryParse(lines[3], out var port) ? port : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port, string? password, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder
            {
                Host = "127.0.0.1", Port = port, Username = SuperUser, Password = password, Database = "postgres", Pooling = false, Timeout = 5,
            }.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>A loopback port nobody listens on right now (the sandbox also takes one when --urls asks for port 0).</summary>
    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void EmptyDirectory(string directory)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo folder)
                folder.Delete(recursive: true);
            else
                entry.Delete();
        }
    }

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
}
