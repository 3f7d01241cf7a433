export default function Index() {
  return <p>stock Auth() baseline for bench/http</p>;
}
