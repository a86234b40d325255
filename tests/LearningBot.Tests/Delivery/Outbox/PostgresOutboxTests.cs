using Dapper;
using LearningBot.Delivery;
using LearningBot.Delivery.Outbox;
using LearningBot.Tests.Support;
using Npgsql;

namespace LearningBot.Tests.Delivery.Outbox;

public sealed class PostgresOutboxTests(PostgresServer server) : OutboxContract
{
    private NpgsqlDataSource _db = null!;

    private protected override async Task<(IOutboxTransitions Outbox, long Seller, long OtherSeller, long Meeting, long OtherMeeting, long Question, long OtherQuestion)> CreateAsync()
    {
        _db = NpgsqlDataSource.Create(await server.CreateDatabaseAsync());
        await using var connection = await _db.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO partners (id, name, content_hash) VALUES ('northwind', 'Northwind Data', 'h');
            INSERT INTO lessons (id, partner_id, objective_kind, current_version)
            SELECT 'lesson-' || n, 'northwind', 'joint-value', 1 FROM generate_series(1, 3) n;
            INSERT INTO lesson_versions (lesson_id, version, content_hash, source_path, title, objective, body_markdown, estimated_minutes)
            SELECT 'lesson-' || n, 1, 'h', 'x.md', 'Lesson ' || n, 'Name it', 'body', 4 FROM generate_series(1, 3) n;
            """);
        var sellers = (await connection.QueryAsync<long>("""
            INSERT INTO sellers (email, time_zone, registered_via) VALUES ('one@acme.com', 'UTC', 'roster'), ('two@acme.com', 'UTC', 'roster')
            RETURNING id
            """)).Order().ToArray();
        var meetings = (await connection.QueryAsync<long>("""
            INSERT INTO meetings (seller_id, source, external_uid, title, starts_at, ends_at)
            SELECT @Seller, 'ics', 'uid-' || n, 'Meeting ' || n, @Start, @Start + interval '1 hour' FROM generate_series(1, 2) n
            RETURNING id
            """, new { Seller = sellers[0], Start = Now.AddDays(2) })).Order().ToArray();
        var questions = (await connection.QueryAsync<long>("""
            INSERT INTO quiz_questions (lesson_id, lesson_version, position, kind, prompt, options, correct)
            SELECT 'lesson-1', 1, n, 'choice', 'Question ' || n, '["a","b"]', '["a"]' FROM generate_series(1, 2) n
            RETURNING id
            """)).Order().ToArray();
        return (new PostgresOutbox(_db), sellers[0], sellers[1], meetings[0], meetings[1], questions[0], questions[1]);
    }

    private protected override async Task<(DeliveryStatus Status, string Reason)?> RowAsync(long id)
    {
        await using var connection = await _db.OpenConnectionAsync();
        return await connection.QuerySingleOrDefaultAsync<(DeliveryStatus, string)?>(
            "SELECT status, reason FROM deliveries WHERE id = @Id", new { Id = id });
    }

    public override async ValueTask DisposeAsync() => await _db.DisposeAsync();
}
