using System.Text.Json;

namespace Progression.Tests.Browser;

[Collection(BrowserCollection.Name)]
public class BrowserVersionTests(WebAppFixture app)
{
    /// <summary>
    /// Playwright speaks the DevTools protocol of the chromium it was built for; Debian's chromium moves on its own. When
    /// the majors part, upgrade Microsoft.Playwright (or pin chromium) before trusting the other browser tests.
    /// </summary>
    [Fact]
    public void Chromium_has_the_major_version_Playwright_was_built_for()
    {
        var browsers = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, ".playwright", "package", "browsers.json")));
        var expected = browsers.RootElement.GetProperty("browsers").EnumerateArray()
            .Single(b => b.GetProperty("name").GetString() == "chromium").GetProperty("browserVersion").GetString()!;

        Assert.Equal(expected.Split('.')[0], app.Browser.Version.Split('.')[0]);
    }
}
