/**
 * Where a page sits: the alliance (or organization) it belongs to, and at most one step below.
 * The name is isolated (<bdi>), so an Arabic name in an English page, or the reverse, does not
 * reorder the separator around it.
 */
export function Crumbs(props: { root: { href: string; name: string }; step?: { href: string; label: string } | null }) {
  const { root, step } = props;
  return (
    <p class="crumbs">
      <a href={root.href}>
        <bdi>{root.name}</bdi>
      </a>
      {step ? (
        <>
          {' · '}
          <a href={step.href}>{step.label}</a>
        </>
      ) : null}
    </p>
  );
}
