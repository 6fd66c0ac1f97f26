import type { Rng } from '../../base/rng.ts';

/**
 * Docker's random container names (moby pkg/namesgenerator/names-generator.go GetRandomName):
 * `<adjective>_<surname of a notable scientist or hacker>`, with a digit 0-9 appended on a
 * retry after a clash (daemon/names.go generateAndReserveName retries up to 6 times), and never
 * "boring_wozniak" ("Steve Wozniak is not boring").
 *
 * The adjectives are moby's current list. The surnames are the start of moby's list (albattani
 * to mestorf, in its order), not all of it: a name drawn here is always one Docker can draw.
 */
export const LEFT: readonly string[] = [
  'admiring', 'adoring', 'affectionate', 'agitated', 'amazing', 'angry', 'awesome', 'beautiful', 'blissful', 'bold',
  'boring', 'brave', 'busy', 'charming', 'clever', 'compassionate', 'competent', 'condescending', 'confident', 'cool',
  'cranky', 'crazy', 'dazzling', 'determined', 'distracted', 'dreamy', 'eager', 'ecstatic', 'elastic', 'elated',
  'elegant', 'eloquent', 'epic', 'exciting', 'fervent', 'festive', 'flamboyant', 'focused', 'friendly', 'frosty',
  'funny', 'gallant', 'gifted', 'goofy', 'gracious', 'great', 'happy', 'hardcore', 'heuristic', 'hopeful',
  'hungry', 'infallible', 'inspiring', 'intelligent', 'interesting', 'jolly', 'jovial', 'keen', 'kind', 'laughing',
  'loving', 'lucid', 'magical', 'modest', 'musing', 'mystifying', 'naughty', 'nervous', 'nice', 'nifty',
  'nostalgic', 'objective', 'optimistic', 'peaceful', 'pedantic', 'pensive', 'practical', 'priceless', 'quirky', 'quizzical',
  'recursive', 'relaxed', 'reverent', 'romantic', 'sad', 'serene', 'sharp', 'silly', 'sleepy', 'stoic',
  'strange', 'stupefied', 'suspicious', 'sweet', 'tender', 'thirsty', 'trusting', 'unruffled', 'upbeat', 'vibrant',
  'vigilant', 'vigorous', 'wizardly', 'wonderful', 'xenodochial', 'youthful', 'zealous', 'zen',
];

export const RIGHT: readonly string[] = [
  'albattani', 'allen', 'almeida', 'archimedes', 'ardinghelli', 'aryabhata', 'austin', 'babbage', 'banach', 'bardeen',
  'bartik', 'bell', 'bhabha', 'bhaskara', 'blackwell', 'bohr', 'booth', 'borg', 'bose', 'boyd',
  'brahmagupta', 'brattain', 'brown', 'carson', 'chandrasekhar', 'colden', 'cori', 'cray', 'curie', 'darwin',
  'davinci', 'dijkstra', 'dubinsky', 'easley', 'einstein', 'elion', 'engelbart', 'euclid', 'fermat', 'fermi',
  'feynman', 'franklin', 'galileo', 'gates', 'goldberg', 'goldstine', 'goodall', 'hamilton', 'hawking', 'heisenberg',
  'hodgkin', 'hoover', 'hopper', 'hugle', 'hypatia', 'jang', 'jennings', 'jepsen', 'joliot', 'jones',
  'kalam', 'kare', 'keller', 'khorana', 'kilby', 'kirch', 'knuth', 'kowalevski', 'lalande', 'lamarr',
  'leakey', 'leavitt', 'lichterman', 'liskov', 'lovelace', 'lumiere', 'mahavira', 'mayer', 'mccarthy', 'mcclintock',
  'mclean', 'mcnulty', 'meitner', 'meninsky', 'mestorf',
];

/** GetRandomName(retry). */
export function randomName(rng: Rng, retry: number): string {
  for (;;) {
    const name = `${pick(rng, LEFT)}_${pick(rng, RIGHT)}`;
    if (name === 'boring_wozniak') continue;
    return retry > 0 ? `${name}${rng.int(10)}` : name;
  }
}

/**
 * generateAndReserveName: a random name not yet taken (names are reserved with a leading "/").
 * After 6 clashes Docker falls back to the first 12 characters of the ID.
 */
export function uniqueName(rng: Rng, taken: (name: string) => boolean, id: string): string {
  for (let i = 0; i < 6; i++) {
    const name = randomName(rng, i);
    if (!taken(name)) return name;
  }
  return id.slice(0, 12);
}

function pick(rng: Rng, list: readonly string[]): string {
  return list[rng.int(list.length)] as string;
}
