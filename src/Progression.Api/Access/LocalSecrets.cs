using System.Security.Cryptography;

namespace Progression.Api.Access;

/// <summary>
/// Secrets for development runs: taken from configuration when set, otherwise made once (32 random bytes) and kept in
/// the data folder beside the embedded database, so tokens and pseudonyms stay valid across runs. Production sets
/// them in configuration (a secret store), never in the repository.
/// </summary>
public static class LocalSecrets
{
    public static byte[] Get(IConfiguration configuration, string contentRoot, string configKey, string fileName)
    {
        if (configuration[configKey] is { Length: > 0 } configured) return Convert.FromBase64String(configured);
        var folder = configuration["Database:DataDirectory"] is { } data
            ? Path.GetDirectoryName(Path.GetFullPath(data))!
            : Path.Combine(contentRoot, ".data");
        var file = Path.Combine(folder, fileName);
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(folder);
            File.WriteAllText(file, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        }
        return Convert.FromBase64String(File.ReadAllText(file).Trim());
    }
}
