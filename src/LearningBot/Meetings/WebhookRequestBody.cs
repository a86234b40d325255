namespace LearningBot.Meetings;

/// <summary>Reads a webhook's raw body (the signature covers its exact bytes), refusing one over <see cref="MaxBytes"/>.</summary>
internal static class WebhookRequestBody
{
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The body, or null when it is larger than <see cref="MaxBytes"/> (read no further than that).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
            return null;
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.Length + read > MaxBytes)
                return null;
            body.Write(chunk, 0, read);
        }
        return body.ToArray();
    }
}
