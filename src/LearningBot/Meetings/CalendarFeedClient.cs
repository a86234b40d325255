using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Options;

namespace LearningBot.Meetings;

internal abstract record FeedResponse
{
    public sealed record NotModified : FeedResponse;

    public sealed record Content(string Body, string? Etag, string? LastModified) : FeedResponse;

    public sealed record Failed(string Reason) : FeedResponse;
}

/// <summary>
/// Conditional GET of a seller's secret calendar address. The address is a credential: no message here contains it,
/// and its HttpClient has the factory's request loggers removed (they write every request URI).
/// </summary>
internal sealed class CalendarFeedClient(IHttpClientFactory httpClients, IOptions<CalendarFeedOptions> options)
{
    public const string HttpClientName = "calendar-feeds";

    public async Task<FeedResponse> FetchAsync(string address, string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri))
            return new FeedResponse.Failed("the calendar address is not an absolute URL");
        // webcal:// is how calendar apps spell an https feed.
        if (uri.Scheme is "webcal" or "webcals")
            uri = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttps, Port = uri.IsDefaultPort ? -1 : uri.Port }.Uri;
        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            return new FeedResponse.Failed($"the calendar address must be http(s) or webcal, not {uri.Scheme}");

        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.ParseAdd("text/calendar");
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag))
            request.Headers.IfNoneMatch.Add(tag);
        if (lastModified is not null
            && DateTimeOffset.TryParse(lastModified, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            request.Headers.IfModifiedSince = since;

        var limits = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limits.Timeout);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName)
                .SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (response.StatusCode == HttpStatusCode.NotModified)
                return new FeedResponse.NotModified();
            if (!response.IsSuccessStatusCode)
                return new FeedResponse.Failed($"the calendar server answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            if (response.Content.Headers.ContentLength > limits.MaxBytes)
                return new FeedResponse.Failed($"the calendar is larger than {limits.MaxBytes} bytes");

            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, timeout.Token)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > limits.MaxBytes)
                    return new FeedResponse.Failed($"the calendar is larger than {limits.MaxBytes} bytes");
            }
            return new FeedResponse.Content(
                Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length),
                response.Headers.ETag?.ToString(),
                response.Content.Headers.LastModified?.ToString("R", CultureInfo.InvariantCulture));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new FeedResponse.Failed($"the calendar server did not answer within {limits.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            // The inner message names the host and port at most ("Connection refused (host:443)"), never the secret path.
            return new FeedResponse.Failed("the calendar server is unreachable: " + (e.InnerException?.Message ?? e.HttpRequestError.ToString()));
        }
    }
}
