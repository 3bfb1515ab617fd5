/** A table's column headings, each a header cell for its column (WCAG H63: scope="col"). */
export function Columns(props: { labels: string[] }) {
  return (
    <thead>
      <tr>
        {props.labels.map((label) => (
          <th scope="col">{label}</th>
        ))}
      </tr>
    </thead>
  );
}
