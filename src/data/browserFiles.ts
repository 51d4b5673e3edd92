/** Fetches a shipped data file from this app's own origin (Vite serves and emits them under data/). */
export async function readBrowserDataFile(file: string): Promise<string> {
  const response = await fetch(`${import.meta.env.BASE_URL}data/${file}`);
  if (!response.ok) throw new Error(`Could not load data/${file}: HTTP ${response.status}.`);
  return response.text();
}
