using System.Text.Json;
using Dapper;
using Npgsql;

namespace LearningBot.Content;

internal sealed record StoredLesson(string Id, int CurrentVersion, bool Archived, string ContentHash, string SourcePath, int LatestVersion);

/// <summary>
/// Every statement on lessons, lesson_versions and quiz_questions that content import needs. A version and its
/// questions are written once and never changed, so answers keep pointing at what the seller actually saw.
/// </summary>
internal sealed class LessonStore
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task<IReadOnlyList<StoredLesson>> ListAsync(NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        [.. await transaction.Connection!.QueryAsync<StoredLesson>(new CommandDefinition("""
            SELECT l.id, l.current_version, l.archived_at IS NOT NULL AS archived, v.content_hash, v.source_path,
                   (SELECT max(version) FROM lesson_versions a WHERE a.lesson_id = l.id) AS latest_version
            FROM lessons l
            JOIN lesson_versions v ON v.lesson_id = l.id AND v.version = l.current_version
            """, transaction: transaction, cancellationToken: cancellationToken))];

    /// <summary>The version that already holds this content (an author who undid a change), if any.</summary>
    public Task<int?> FindVersionAsync(string lessonId, string hash, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteScalarAsync<int?>(new CommandDefinition("""
            SELECT version FROM lesson_versions WHERE lesson_id = @LessonId AND content_hash = @Hash
            """, new { LessonId = lessonId, Hash = hash }, transaction, cancellationToken: cancellationToken));

    public Task InsertLessonAsync(LessonDefinition lesson, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            INSERT INTO lessons (id, partner_id, objective_kind, current_version, created_at, updated_at)
            VALUES (@Id, @PartnerId, @ObjectiveKind, 1, @Now, @Now)
            """, new { lesson.Id, lesson.PartnerId, lesson.ObjectiveKind, Now = now }, transaction, cancellationToken: cancellationToken));

    /// <summary>Points the lesson at a version and brings it back from the archive.</summary>
    public Task UpdateLessonAsync(LessonDefinition lesson, int version, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            UPDATE lessons
            SET partner_id = @PartnerId, objective_kind = @ObjectiveKind, current_version = @Version,
                archived_at = NULL, updated_at = @Now
            WHERE id = @Id
            """, new { lesson.Id, lesson.PartnerId, lesson.ObjectiveKind, Version = version, Now = now },
            transaction, cancellationToken: cancellationToken));

    public Task MoveAsync(string lessonId, int version, string sourcePath, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            UPDATE lesson_versions SET source_path = @SourcePath WHERE lesson_id = @LessonId AND version = @Version;
            UPDATE lessons SET updated_at = @Now WHERE id = @LessonId;
            """, new { LessonId = lessonId, Version = version, SourcePath = sourcePath, Now = now }, transaction, cancellationToken: cancellationToken));

    public async Task InsertVersionAsync(LessonDefinition lesson, int version, string hash, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            INSERT INTO lesson_versions (lesson_id, version, content_hash, source_path, title, objective, body_markdown,
                minutes, estimated_minutes, available_from, relevant_until, campaign_starts, campaign_audience, media, key_points, imported_at)
            VALUES (@LessonId, @Version, @Hash, @SourcePath, @Title, @Objective, @BodyMarkdown,
                @Minutes, @EstimatedMinutes, @AvailableFrom::date, @RelevantUntil::date, @CampaignStarts, @CampaignAudience, @Media::jsonb,
                @KeyPoints::jsonb, @Now)
            """, new
            {
                LessonId = lesson.Id,
                Version = version,
                Hash = hash,
                lesson.SourcePath,
                lesson.Title,
                lesson.Objective,
                lesson.BodyMarkdown,
                lesson.Minutes,
                lesson.EstimatedMinutes,
                AvailableFrom = lesson.AvailableFrom?.ToDateTime(TimeOnly.MinValue),
                RelevantUntil = lesson.RelevantUntil?.ToDateTime(TimeOnly.MinValue),
                CampaignStarts = lesson.Campaign?.Starts,
                CampaignAudience = lesson.Campaign?.Audience,
                Media = JsonSerializer.Serialize(lesson.Media.Select(m => new
                {
                    m.Type,
                    m.Url,
                    m.Alt,
                    m.Title,
                    m.Thumbnail,
                    DurationSeconds = m.Duration is { } d ? (int?)d.TotalSeconds : null,
                    m.Transcript,
                }), Json),
                KeyPoints = JsonSerializer.Serialize(lesson.KeyPoints),
                Now = now,
            }, transaction, cancellationToken: cancellationToken));

        var position = 0;
        foreach (var question in lesson.Quiz)
        {
            await transaction.Connection!.ExecuteAsync(new CommandDefinition("""
                INSERT INTO quiz_questions (lesson_id, lesson_version, position, kind, prompt, pick_count, options, correct, explanation)
                VALUES (@LessonId, @Version, @Position, @Kind, @Prompt, @PickCount, @Options::jsonb, @Correct::jsonb, @Explanation)
                """, new
                {
                    LessonId = lesson.Id,
                    Version = version,
                    Position = ++position,
                    question.Kind,
                    question.Prompt,
                    PickCount = question.Count,
                    Options = OptionsJson(question),
                    Correct = CorrectJson(question),
                    question.Explanation,
                }, transaction, cancellationToken: cancellationToken));
        }
    }

    /// <summary>Archives the lessons no longer in the files; returns how many.</summary>
    public Task<int> ArchiveMissingAsync(IReadOnlyCollection<string> keep, DateTimeOffset now, NpgsqlTransaction transaction, CancellationToken cancellationToken) =>
        transaction.Connection!.ExecuteAsync(new CommandDefinition("""
            UPDATE lessons SET archived_at = @Now, updated_at = @Now
            WHERE archived_at IS NULL AND NOT (id = ANY (@Keep))
            """, new { Keep = keep.ToArray(), Now = now }, transaction, cancellationToken: cancellationToken));

    // choice/pick: the option texts; match: {"pairs": [{"left", "right"}, …], "distractors": [...]} — an array, because
    // jsonb does not keep an object's key order and the card shows the pairs in the author's order.
    private static string OptionsJson(AuthoredQuestion question) => question.Kind == "match"
        ? JsonSerializer.Serialize(new { pairs = PairsList(question), distractors = question.Distractors })
        : JsonSerializer.Serialize(question.Options);

    private static string CorrectJson(AuthoredQuestion question) => question.Kind switch
    {
        "choice" => JsonSerializer.Serialize(question.Correct[0]),
        "pick" => JsonSerializer.Serialize(question.Correct),
        _ => JsonSerializer.Serialize(PairsList(question)),
    };

    private static IEnumerable<object> PairsList(AuthoredQuestion question) =>
        question.Pairs.Select(p => new { left = p.Key, right = p.Value });
}
