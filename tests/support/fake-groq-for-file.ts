import { afterAll, afterEach } from 'vitest';
import { type FakeGroq, startFakeGroq } from '../fakes/fake-groq.js';

/**
 * The fake Groq for one test file: started as the file loads, reset after each test (queued answers, the default
 * model, the requests seen) and closed after the file's last test. Apart from groq-writer, which the benchmarks
 * import outside vitest.
 */
export async function fakeGroqForFile(): Promise<FakeGroq> {
  const fake = await startFakeGroq();
  afterEach(() => fake.reset());
  afterAll(() => fake.close());
  return fake;
}
