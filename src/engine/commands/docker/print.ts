import { goTabwriter } from '../go-tabwriter.ts';
import { humanDuration, humanSizeWithPrecision } from '../crictl/go-units.ts';
import type { ContainerSummary, ImageSummary } from '../../components/dockerd/engine-api.ts';

/**
 * The docker CLI's tables (docker/cli cli/command/formatter): a tabwriter with minwidth 10,
 * padding 3 (formatter.go Context.postFormat: tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)); IDs
 * cut to 12 hex (stringid.TruncateID), the command quoted after an ellipsis at 20 characters
 * (container.go Command: strconv.Quote(Ellipsis(cmd, 20))), "… ago" from go-units.
 */
const TABLE = { minwidth: 10, padding: 3 };

/** formatter.Ellipsis: at most `max` characters, the last one "…" when cut. */
export function ellipsis(s: string, max: number): string {
  const chars = [...s];
  if (chars.length <= max) return s;
  return `${chars.slice(0, max - 1).join('')}…`;
}

export function truncateId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

/** DisplayablePorts: `0.0.0.0:8080->80/tcp, [::]:8080->80/tcp`, or `80/tcp` for an unpublished EXPOSE. */
export function displayablePorts(ports: ContainerSummary['Ports']): string {
  return ports
    .map((p) => {
      if (p.IP === undefined || p.PublicPort === undefined) return `${p.PrivatePort}/${p.Type}`;
      const ip = p.IP.includes(':') ? `[${p.IP}]` : p.IP;
      return `${ip}:${p.PublicPort}->${p.PrivatePort}/${p.Type}`;
    })
    .join(', ');
}

/**
 * `docker ps`: nowUnixMicros is the CLI's clock (the daemon reports Created in Unix seconds). A
 * container created from an image ID (dockershim's) shows the short ID (formatter/container.go Image).
 */
export function psTable(list: readonly ContainerSummary[], nowUnixMicros: number): string {
  const rows = ['CONTAINER ID\tIMAGE\tCOMMAND\tCREATED\tSTATUS\tPORTS\tNAMES'];
  for (const c of list) {
    const command = JSON.stringify(ellipsis(c.Command, 20));
    rows.push([truncateId(c.Id), /^sha256:[0-9a-f]{64}$/.test(c.Image) ? truncateId(c.Image) : c.Image, command, `${humanDuration(nowUnixMicros - c.Created * 1_000_000)} ago`, c.Status, displayablePorts(c.Ports), c.Names.map((n) => n.replace(/^\//, '')).join(',')].join('\t'));
  }
  return goTabwriter(`${rows.join('\n')}\n`, TABLE);
}

/** `docker images`. */
export function imagesTable(list: readonly ImageSummary[], nowUnixMicros: number): string {
  const rows = ['REPOSITORY\tTAG\tIMAGE ID\tCREATED\tSIZE'];
  for (const i of list) {
    for (const tagged of i.RepoTags) {
      const at = tagged.lastIndexOf(':');
      rows.push([tagged.slice(0, at), tagged.slice(at + 1), truncateId(i.Id), `${humanDuration(nowUnixMicros - i.Created * 1_000_000)} ago`, humanSizeWithPrecision(i.Size, 3)].join('\t'));
    }
  }
  return goTabwriter(`${rows.join('\n')}\n`, TABLE);
}
