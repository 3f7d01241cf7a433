import type { GetServerSideProps } from "next";
import { type DashboardProps, DashboardView } from "@/components/dashboard-view";
import { getServerSession } from "@/lib/safe-session";

export const getServerSideProps: GetServerSideProps<DashboardProps> = async ({ req, res }) => {
  const session = await getServerSession(req, res);
  if (!session) return { redirect: { destination: "/", permanent: false } };
  return {
    props: { email: session.user?.email ?? "", companyId: (session as { companyId?: string }).companyId ?? null },
  };
};

export default DashboardView;
