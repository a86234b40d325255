using System.Net;

namespace LearningBot.Tests.Support;

public static class HttpAssert
{
    /// <summary>Asserts the status code and shows the body when it differs, so a failure explains itself.</summary>
    public static async Task StatusAsync(HttpStatusCode expected, HttpResponseMessage response)
    {
        if (response.StatusCode != expected)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Fail($"Expected {(int)expected} {expected} but got {(int)response.StatusCode} {response.StatusCode}: {body}");
        }
    }
}
